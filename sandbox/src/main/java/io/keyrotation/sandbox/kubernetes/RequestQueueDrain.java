package io.keyrotation.sandbox.kubernetes;

import io.fabric8.mockwebserver.MockWebServer;

/**
 * The mock server records every request with its body in an unbounded queue meant for assertions; nothing here asserts
 * on requests, so a daemon thread empties it to keep a long-running stand-in's memory flat.
 */
final class RequestQueueDrain implements AutoCloseable {

  private final Thread thread;

  RequestQueueDrain(MockWebServer server) {
    thread = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          server.takeRequest();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "kubernetes-standin-request-drain");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
