package io.keyrotation.operator.eventgrid;

/** A delivery answered 400: malformed, or carrying something this endpoint does not accept. The message holds no secret. */
final class RefusedDelivery extends RuntimeException {
  RefusedDelivery(String message) {
    super(message);
  }
}
