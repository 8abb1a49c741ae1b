package io.keyrotation.operator.api.principal;

/**
 * The steps of one client-secret rotation, in order.
 *
 * <pre>
 * AddPassword      -> SaveSecret        Graph addPassword returned the new secret (shown only this once)
 * SaveSecret       -> VerifyNewSecret   the secret is in the staging Secret before it is used anywhere
 * VerifyNewSecret  -> UpdateTargets     the new secret obtains a token and can read the vault
 * UpdateTargets    -> AwaitRestart      every SQL Server credential and Kubernetes Secret holds the new secret
 * AwaitRestart     -> GracePeriod       every SQL Server instance restarted after its credential changed (sqlserver_start_time)
 * GracePeriod      -> RemoveOldPassword gracePeriod elapsed
 * RemoveOldPassword -> (done)           Graph removePassword with the old keyId
 * </pre>
 */
public enum SecretRotationStep {
  AddPassword,
  SaveSecret,
  VerifyNewSecret,
  UpdateTargets,
  AwaitRestart,
  GracePeriod,
  RemoveOldPassword
}
