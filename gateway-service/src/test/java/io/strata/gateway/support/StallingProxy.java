package io.strata.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy that can stall: while stalled it accepts connections and holds every byte
 * in either direction, like a network path that stops delivering (a dead host, a dropped
 * route); {@link #resume()} delivers what was held and carries on.
 */
public final class StallingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean stalled;

	private StallingProxy(String targetHost, int targetPort, boolean stalled) throws IOException {
		this.server = new ServerSocket(0);
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.stalled = stalled;
		Thread.ofVirtual().name("stalling-proxy").start(this::accept);
	}

	public static StallingProxy stalledTo(String host, int port) {
		try {
			return new StallingProxy(host, port, true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.server.getLocalPort();
	}

	public void stall() {
		this.stalled = true;
	}

	public void resume() {
		this.stalled = false;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket target = new Socket(this.targetHost, this.targetPort);
				this.sockets.add(client);
				this.sockets.add(target);
				Thread.ofVirtual().start(() -> pump(client, target));
				Thread.ofVirtual().start(() -> pump(target, client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16384];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				while (this.stalled) {
					Thread.sleep(5);
				}
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// closed
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

}
