package dev.tabby.bench.bgp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A recorded UPDATE stream with its announced prefixes dealt out again in a random order: every
 * UPDATE keeps its attributes, its withdrawn routes and its number of prefixes, and the stream
 * announces the same prefixes, each once.
 *
 * <p>Why: BIRD sends a table in its own FIB's hash order, and a BIRD receiver, whose table hashes
 * alike, then inserts into its hash table's memory in sequence, which another receiver's table does
 * not. The same bytes in an order that is no receiver's own compare the receivers on equal terms.
 * (Moving a prefix to another UPDATE gives it that UPDATE's attributes; a table of one attribute
 * set, as the benchmark's, is unchanged by that.)
 */
final class ShuffledStream {

  private static final int HEADER = 19;
  private static final int MAX_MESSAGE = 4096;
  private static final byte UPDATE = 2;

  private ShuffledStream() {}

  /**
   * The stream's UPDATEs with their NLRI prefixes in an order drawn from {@code seed}.
   *
   * @throws IllegalArgumentException when the stream is not whole BGP messages, or an UPDATE would
   *     outgrow 4,096 bytes with the prefixes it is dealt (prefixes of mixed lengths)
   */
  static byte[] shuffle(byte[] stream, long seed) {
    List<Update> updates = parse(stream);
    List<byte[]> prefixes = new ArrayList<>();
    for (Update update : updates) {
      prefixes.addAll(update.prefixes);
    }
    Collections.shuffle(prefixes, new Random(seed));
    ByteArrayOutputStream out = new ByteArrayOutputStream(stream.length);
    int next = 0;
    for (Update update : updates) {
      List<byte[]> dealt = prefixes.subList(next, next + update.prefixes.size());
      next += dealt.size();
      update.writeWith(dealt, out);
    }
    return out.toByteArray();
  }

  private static List<Update> parse(byte[] stream) {
    ByteBuffer in = ByteBuffer.wrap(stream);
    List<Update> updates = new ArrayList<>();
    while (in.hasRemaining()) {
      if (in.remaining() < HEADER) {
        throw new IllegalArgumentException("the stream ends inside a message header");
      }
      int start = in.position();
      int length = Short.toUnsignedInt(in.getShort(start + 16));
      if (length < HEADER || length > in.remaining()) {
        throw new IllegalArgumentException("bad message length " + length + " at byte " + start);
      }
      byte[] message = new byte[length];
      in.get(message);
      updates.add(Update.of(message, start));
    }
    return updates;
  }

  /** One message: the bytes before its NLRI and its NLRI prefixes (none for other messages). */
  private record Update(byte[] head, List<byte[]> prefixes) {

    static Update of(byte[] message, int offset) {
      if (message[18] != UPDATE) {
        return new Update(message, List.of());
      }
      ByteBuffer update = ByteBuffer.wrap(message);
      int withdrawn = Short.toUnsignedInt(update.getShort(HEADER));
      int attributes = Short.toUnsignedInt(update.getShort(HEADER + 2 + withdrawn));
      int nlri = HEADER + 2 + withdrawn + 2 + attributes;
      if (nlri > message.length) {
        throw new IllegalArgumentException("malformed UPDATE at byte " + offset);
      }
      List<byte[]> prefixes = new ArrayList<>();
      for (int at = nlri; at < message.length; ) {
        int size = 1 + (Byte.toUnsignedInt(message[at]) + 7) / 8;
        if (at + size > message.length) {
          throw new IllegalArgumentException("malformed NLRI in the UPDATE at byte " + offset);
        }
        prefixes.add(Arrays.copyOfRange(message, at, at + size));
        at += size;
      }
      return new Update(Arrays.copyOf(message, nlri), prefixes);
    }

    /** Writes the message with {@code dealt} as its NLRI, its length field set to match. */
    void writeWith(List<byte[]> dealt, ByteArrayOutputStream out) {
      int length = head.length;
      for (byte[] prefix : dealt) {
        length += prefix.length;
      }
      if (length > MAX_MESSAGE) {
        throw new IllegalArgumentException(
            "a shuffled UPDATE would be " + length + " bytes, over " + MAX_MESSAGE);
      }
      byte[] start = head.clone();
      start[16] = (byte) (length >>> 8);
      start[17] = (byte) length;
      out.writeBytes(start);
      dealt.forEach(out::writeBytes);
    }
  }
}
