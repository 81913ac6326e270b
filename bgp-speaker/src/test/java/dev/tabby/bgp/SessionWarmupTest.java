package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class SessionWarmupTest {

  @Test
  void everyPassCarriesTheWholeTableOverLoopbackAndWithdrawsIt() {
    // Each pass waits for the receiver to count the whole table and then none of it, or throws.
    assertThatCode(SessionWarmup::carryTable).doesNotThrowAnyException();
  }
}
