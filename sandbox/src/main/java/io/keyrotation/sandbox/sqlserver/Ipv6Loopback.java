package io.keyrotation.sandbox.sqlserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Whether this machine can listen on ::1 (containers without IPv6 cannot); tests of IPv6 hosts depend on it. */
public final class Ipv6Loopback {
  private Ipv6Loopback() {}

  public static boolean available() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return probe.isBound();
    } catch (IOException e) {
      return false;
    }
  }
}
