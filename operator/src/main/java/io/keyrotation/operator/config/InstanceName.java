package io.keyrotation.operator.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * This replica's name, from the pod name the downward API gives ({@code POD_NAME}), else the host name
 * ({@code HOSTNAME}: in a container, the pod's name unless the pod sets another). It names the replica to the Lease,
 * to SQL Server (at most 128 characters: TDS's host name field) and in HTTP User-Agent headers, hence the plain
 * character set. Outside a container the machine's name gets the process id: two operators started on one machine
 * must not hold the Lease under one identity (each would take the other's renewals for its own).
 */
final class InstanceName {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,126}[A-Za-z0-9])?");

  private InstanceName() {}

  /** @throws IllegalArgumentException naming {@code variable} when the name found cannot name a replica */
  static String resolve(String variable, Map<String, String> env) {
    String podName = env.get(variable);
    if (podName != null && !podName.isBlank()) {
      return valid(podName.trim(), variable + " must be a pod name");
    }
    String hostName = env.get("HOSTNAME");
    if (hostName == null || hostName.isBlank()) {
      hostName = localHostName() + "-" + ProcessHandle.current().pid();
    }
    return valid(hostName.trim(), variable + " is not set and the host name cannot name this replica; set " + variable
        + " to a pod name");
  }

  private static String valid(String name, String problem) {
    if (VALID.matcher(name).matches()) {
      return name;
    }
    throw new IllegalArgumentException(problem + " (letters, digits, '.', '_' and '-', at most 128 characters), not '"
        + name + "'");
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "keyrotation-operator";
    }
  }
}
