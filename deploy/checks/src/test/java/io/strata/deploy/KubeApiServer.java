package io.strata.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A throwaway etcd + kube-apiserver on loopback (the binaries deploy/tools/build-kube.sh
 * builds from the Go module proxy), with a generated service-account key and one static
 * admin token; kubectl talks to it.
 */
final class KubeApiServer implements AutoCloseable {

	static final String VERSION = "v1.34.4";

	static final String BUILD = "deploy/tools/build-kube.sh";

	private final Path dir;

	private final String token = UUID.randomUUID().toString();

	private final List<Process> processes = new ArrayList<>();

	private int securePort;

	private KubeApiServer(Path dir) {
		this.dir = dir;
	}

	static KubeApiServer start() throws Exception {
		Path bin = Repo.requireTool("kube-" + VERSION + "/kube-apiserver", BUILD).getParent();
		Repo.requireTool("kube-" + VERSION + "/etcd", BUILD);
		Path dir = Files.createTempDirectory("strata-kube-");
		KubeApiServer server = new KubeApiServer(dir);
		try {
			server.launch(bin);
		}
		catch (Exception ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	private void launch(Path bin) throws Exception {
		int etcdPort = freePort();
		int peerPort = freePort();
		this.securePort = freePort();
		String etcdUrl = "http://127.0.0.1:" + etcdPort;
		this.processes.add(spawn("etcd",
				List.of(bin.resolve("etcd").toString(), "--name=strata-check", "--data-dir=" + this.dir.resolve("etcd"),
						"--listen-client-urls=" + etcdUrl, "--advertise-client-urls=" + etcdUrl,
						"--listen-peer-urls=http://127.0.0.1:" + peerPort,
						"--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
						"--initial-cluster=strata-check=http://127.0.0.1:" + peerPort, "--unsafe-no-fsync=true",
						"--log-level=error")));
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		Path key = write("sa.key", pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
		Path pub = write("sa.pub", pem("PUBLIC KEY", keys.getPublic().getEncoded()));
		Path tokens = write("tokens.csv", this.token + ",strata-check,strata-check,system:masters\n");
		this.processes.add(spawn("kube-apiserver",
				List.of(bin.resolve("kube-apiserver").toString(), "--etcd-servers=" + etcdUrl,
						"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + this.securePort,
						"--cert-dir=" + this.dir.resolve("certs"), "--token-auth-file=" + tokens,
						"--authorization-mode=RBAC",
						"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
						"--service-account-key-file=" + pub, "--service-account-signing-key-file=" + key,
						"--service-cluster-ip-range=10.96.0.0/16", "--enable-priority-and-fairness=false",
						"--disable-admission-plugins=ServiceAccount", "--v=0")));
		long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
		while (true) {
			for (Process process : this.processes) {
				if (!process.isAlive()) {
					throw new IllegalStateException("etcd or kube-apiserver exited; logs in " + this.dir + ":\n"
							+ tail(this.dir.resolve("kube-apiserver.log")) + tail(this.dir.resolve("etcd.log")));
				}
			}
			Repo.Result ready = kubectl(null, "get", "--raw", "/readyz");
			if (ready.exitCode() == 0 && ready.output().trim().equals("ok")) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("kube-apiserver not ready within 180 s: " + ready.output()
						+ tail(this.dir.resolve("kube-apiserver.log")));
			}
			Thread.sleep(1000);
		}
	}

	/** kubectl against this server; stdin may be null. */
	Repo.Result kubectl(String stdin, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("kubectl", "--server=https://127.0.0.1:" + this.securePort,
				"--token=" + this.token, "--insecure-skip-tls-verify=true", "--request-timeout=60s"));
		command.addAll(List.of(args));
		return Repo.run(Duration.ofMinutes(3), Repo.root(), stdin, command);
	}

	private Process spawn(String name, List<String> command) throws IOException {
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.dir.resolve(name + ".log").toFile())
			.start();
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.dir.resolve(name), content, StandardCharsets.US_ASCII);
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws Exception {
		for (Process process : this.processes.reversed()) {
			process.destroy();
			if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		try (var files = Files.walk(this.dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
