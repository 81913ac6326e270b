package dev.tabby.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongObjectMapTest {
  @Test
  void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
    LongObjectMap<String> map = new LongObjectMap<>();
    Map<Long, String> reference = new HashMap<>();
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      // A small key space forces collisions, long probe runs and removals inside them.
      long key = random.nextInt(5_000) * 256L + random.nextInt(3);
      String value = "v" + i;
      switch (random.nextInt(6)) {
        case 0 -> assertThat(map.remove(key)).isEqualTo(reference.remove(key));
        // Reading ahead the slots of present and absent keys changes nothing.
        case 3 -> map.touch(k -> key + k * 256L, 3);
        case 1 ->
            assertThat(map.putIfAbsent(key, value)).isEqualTo(reference.putIfAbsent(key, value));
        case 2 -> {
          // Appends to a present value, removes one that has grown long, inserts an absent one.
          String before = reference.get(key);
          reference.compute(key, (k, old) -> appendOrRemove(old, value));
          assertThat(map.compute(key, value, LongObjectMapTest::appendOrRemove)).isEqualTo(before);
        }
        default -> assertThat(map.put(key, value)).isEqualTo(reference.put(key, value));
      }
    }
    assertThat(map.size()).isEqualTo(reference.size());
    reference.forEach((key, value) -> assertThat(map.get(key)).isEqualTo(value));
    Map<Long, String> visited = new HashMap<>();
    map.forEach(visited::put);
    assertThat(visited).isEqualTo(reference);
  }

  private static String appendOrRemove(String old, String value) {
    if (old == null) {
      return value;
    }
    return old.length() > 20 ? null : old + value;
  }

  @Test
  void clearKeepingRoomKeepsTheRoomItUsedAndShrinksWhenItHeldLittle() {
    LongObjectMap<Integer> map = new LongObjectMap<>();
    for (int i = 0; i < 1_000; i++) {
      map.put(i, i);
    }
    String grown = map.toString().replace("size=1000", "size=0");

    map.clearKeepingRoom();
    assertThat(map).hasToString(grown);
    assertThat(map.isEmpty()).isTrue();
    assertThat(map.get(5)).isNull();

    map.put(7, 7);
    map.clearKeepingRoom();
    assertThat(map).hasToString("LongObjectMap[size=0, capacity=16]");
    map.put(7, 8);
    assertThat(map.get(7)).isEqualTo(8);
  }

  @Test
  void removingEverythingLeavesItEmpty() {
    LongObjectMap<Integer> map = new LongObjectMap<>();
    for (int i = 0; i < 10_000; i++) {
      map.put(i * 1_000_003L, i);
    }
    for (int i = 0; i < 10_000; i++) {
      assertThat(map.remove(i * 1_000_003L)).isEqualTo(i);
    }
    assertThat(map.isEmpty()).isTrue();
    assertThat(map.get(0)).isNull();
  }

  @Test
  void keyZeroAndNegativeKeysAreOrdinaryKeys() {
    LongObjectMap<String> map = new LongObjectMap<>();
    map.put(0, "zero");
    map.put(-1, "minus one");
    map.put(Long.MIN_VALUE, "min");

    assertThat(map.get(0)).isEqualTo("zero");
    assertThat(map.get(-1)).isEqualTo("minus one");
    assertThat(map.get(Long.MIN_VALUE)).isEqualTo("min");
    assertThat(map.get(1)).isNull();
  }

  @Test
  void refusesNullValues() {
    assertThatThrownBy(() -> new LongObjectMap<String>().put(1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be null");
  }
}
