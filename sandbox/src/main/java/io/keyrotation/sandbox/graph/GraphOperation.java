package io.keyrotation.sandbox.graph;

/** The Microsoft Graph calls the stand-in serves, for fault injection and the request log. */
public enum GraphOperation {
  GET_APPLICATION,
  ADD_PASSWORD,
  REMOVE_PASSWORD
}
