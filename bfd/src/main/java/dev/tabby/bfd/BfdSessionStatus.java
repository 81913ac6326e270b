package dev.tabby.bfd;

import java.time.Duration;

/**
 * A snapshot of one session: its state, what it last told and heard, the intervals in effect, and
 * its counters.
 *
 * @param transmitInterval the agreed interval between packets this side sends, before jitter
 * @param detectionTime how long this side waits without a packet before declaring the peer dead
 */
public record BfdSessionStatus(
    BfdPeer peer,
    BfdState state,
    BfdState remoteState,
    Diagnostic localDiagnostic,
    int localDiscriminator,
    int remoteDiscriminator,
    BfdParameters parameters,
    Duration remoteDesiredMinTx,
    Duration remoteRequiredMinRx,
    int remoteDetectMultiplier,
    Duration transmitInterval,
    Duration detectionTime,
    boolean pollInProgress,
    long packetsSent,
    long packetsReceived,
    long packetsDiscarded,
    long upCount,
    long downCount) {}
