package dev.tabby.node;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.net.IpPrefix;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the speaker's originated prefixes equal to a {@link BlockPlan}'s. */
final class BlockAdvertiser {

  private static final Logger log = LoggerFactory.getLogger(BlockAdvertiser.class);

  private final BgpSpeaker speaker;
  private final Set<IpPrefix> originated = new HashSet<>();

  BlockAdvertiser(BgpSpeaker speaker) {
    this.speaker = speaker;
  }

  synchronized void apply(BlockPlan plan) {
    for (IpPrefix prefix : Set.copyOf(originated)) {
      if (!plan.originated().contains(prefix)) {
        speaker.withdraw(prefix);
        originated.remove(prefix);
        log.info("event=block-withdrawn prefix={}", prefix);
      }
    }
    for (IpPrefix prefix : plan.originated()) {
      if (originated.add(prefix)) {
        speaker.originate(prefix);
        log.info("event=block-originated prefix={}", prefix);
      }
    }
  }
}
