package dev.tabby.bgp;

/**
 * Told of every FSM transition of every peer's session; see {@link BgpSpeaker#addSessionListener}.
 */
@FunctionalInterface
public interface SessionStateListener {

  /**
   * One session changed state. Called on the speaker's session-events thread, one change at a time,
   * in the order each session went through them; a slow listener delays the others' events, never
   * the sessions.
   */
  void sessionStateChanged(SessionStateChange change);
}
