package io.keyrotation.sandbox.graph;

/**
 * Microsoft Graph application permissions (app roles) that concern application objects, as the
 * permissions reference names them. {@code Application.ReadWrite.OwnedBy} reads and changes only
 * applications the caller owns; {@code Application.ReadWrite.All} any application in the tenant;
 * {@code Application.Read.All} reads any and changes none.
 */
public enum GraphPermission {
  APPLICATION_READ_ALL("Application.Read.All"),
  APPLICATION_READ_WRITE_OWNED_BY("Application.ReadWrite.OwnedBy"),
  APPLICATION_READ_WRITE_ALL("Application.ReadWrite.All");

  private final String graphName;

  GraphPermission(String graphName) {
    this.graphName = graphName;
  }

  public String graphName() {
    return graphName;
  }
}
