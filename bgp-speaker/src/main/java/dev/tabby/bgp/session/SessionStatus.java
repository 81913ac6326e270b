package dev.tabby.bgp.session;

/**
 * A consistent snapshot of a session for status displays.
 *
 * @param state the current FSM state
 * @param negotiated what the OPENs agreed on, while Established; otherwise null
 * @param establishedAtNanos the scheduler's clock when the session reached Established
 * @param lastError what last brought a connection down, readable; null if nothing did yet
 */
public record SessionStatus(
    SessionState state, NegotiatedSession negotiated, long establishedAtNanos, String lastError) {

  static final SessionStatus INITIAL = new SessionStatus(SessionState.IDLE, null, 0, null);

  SessionStatus withState(SessionState newState) {
    return new SessionStatus(newState, negotiated, establishedAtNanos, lastError);
  }

  SessionStatus withError(String error) {
    return new SessionStatus(state, negotiated, establishedAtNanos, error);
  }
}
