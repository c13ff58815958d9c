package io.strata.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * Where the repository and the cached tools are, and how to run a tool.
 */
final class Repo {

	private Repo() {
	}

	static Path root() {
		return Path.of(System.getProperty("strata.root", "../..")).toAbsolutePath().normalize();
	}

	static Path path(String relative) {
		return root().resolve(relative);
	}

	/** The folder deploy/tools/*.sh build the Go tools into. */
	static Path tools() {
		return Path
			.of(System.getProperty("strata.tools",
					Path.of(System.getProperty("user.home"), ".cache/strata/tools").toString()))
			.toAbsolutePath()
			.normalize();
	}

	/**
	 * A cached tool, or the test is skipped (reported as skipped, with the command that
	 * builds it).
	 */
	static Path requireTool(String relative, String buildCommand) {
		Path tool = tools().resolve(relative);
		if (!Files.isExecutable(tool)) {
			String message = "SKIPPED: " + tool + " is not built; " + buildCommand + " builds it (once)";
			System.out.println(message);
			Assumptions.abort(message);
		}
		return tool;
	}

	/** Runs a command; its output (stdout and stderr together) and exit status. */
	static Result run(Duration timeout, Path workDir, String stdin, List<String> command)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
		builder.directory(workDir.toFile());
		builder.environment().put("KUBECONFIG", "/dev/null");
		Process process = builder.start();
		if (stdin != null) {
			process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
		}
		process.getOutputStream().close();
		byte[] out = process.getInputStream().readAllBytes();
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(command + " did not finish within " + timeout);
		}
		return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
	}

	/** Runs podman, with runc where it is installed. */
	static Result podman(Duration timeout, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("podman"));
		command.addAll(podmanRuntime());
		command.addAll(List.of(args));
		return run(timeout, root(), null, command);
	}

	/**
	 * podman's global arguments choosing runc where it is installed: crun refuses these
	 * machines' cgroups (hybrid mode); runc runs with lowered limits.
	 */
	static List<String> podmanRuntime() {
		return Files.isExecutable(Path.of("/usr/sbin/runc")) ? List.of("--runtime=runc") : List.of();
	}

	/**
	 * The port a server of {@code ./strata servers up} listens on: its variable's value,
	 * else the root pom's {@code strata.port.NAME}, the launcher's default.
	 */
	static int serverPort(String name, String variable) {
		String set = System.getenv(variable);
		if (set != null && !set.isBlank()) {
			return Integer.parseInt(set.trim());
		}
		try {
			Matcher port = Pattern.compile("<strata\\.port\\." + Pattern.quote(name) + ">(\\d+)<")
				.matcher(Files.readString(path("pom.xml")));
			if (!port.find()) {
				throw new IllegalStateException("no <strata.port." + name + "> in the root pom.xml");
			}
			return Integer.parseInt(port.group(1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether the servers of {@code ./strata servers up} listen. */
	static boolean serversListening() {
		return listening(serverPort("postgres", "STRATA_PG_PORT"))
				&& listening(serverPort("redis", "STRATA_REDIS_PORT"))
				&& listening(serverPort("kafka", "STRATA_KAFKA_PORT"))
				&& listening(serverPort("elasticsearch", "STRATA_ES_PORT"))
				&& listening(serverPort("s3", "STRATA_S3_PORT"));
	}

	/** Whether something listens on the loopback port. */
	static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Skips the test (reported as skipped, with the reason printed) unless the condition
	 * holds.
	 */
	static void skipUnless(String test, boolean condition, String reason) {
		if (!condition) {
			System.out.println("SKIPPED: " + test + ": " + reason);
			Assumptions.abort(reason);
		}
	}

	record Result(int exitCode, String output) {

		Result requireSuccess(String what) {
			if (this.exitCode != 0) {
				throw new AssertionError(what + " failed (exit " + this.exitCode + "):\n" + this.output);
			}
			return this;
		}

	}

}
