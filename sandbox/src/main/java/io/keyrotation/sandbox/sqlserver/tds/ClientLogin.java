package io.keyrotation.sandbox.sqlserver.tds;

import java.time.Instant;

/**
 * One LOGIN7 as the instance saw it: what a DBA reads in {@code sys.dm_exec_sessions} as {@code host_name}
 * and {@code program_name} (the driver's {@code workstationID} and {@code applicationName}), the login and
 * database asked for, and whether the login was accepted. The password is never kept.
 */
public record ClientLogin(Instant receivedAt, String hostName, String programName, String userName, String database,
                          boolean accepted) {}
