package io.azurejit.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The faults currently injected, consumed as matching calls arrive. */
public final class Faults {

  private final List<Entry> entries = new ArrayList<>();

  public synchronized void add(Fault fault) {
    entries.add(new Entry(fault, fault.times()));
  }

  public synchronized void clear() {
    entries.clear();
  }

  public synchronized List<Fault> active() {
    return entries.stream().map(Entry::fault).toList();
  }

  /** The fault that hits this call, if any; a limited fault is used up by it. */
  synchronized Optional<Fault> next(String operation) {
    for (var iterator = entries.iterator(); iterator.hasNext(); ) {
      Entry entry = iterator.next();
      if (!entry.fault.matches(operation)) {
        continue;
      }
      if (entry.fault.rate() < 1.0
          && ThreadLocalRandom.current().nextDouble() >= entry.fault.rate()) {
        continue;
      }
      if (entry.fault.times() > 0 && --entry.remaining == 0) {
        iterator.remove();
      }
      return Optional.of(entry.fault);
    }
    return Optional.empty();
  }

  private static final class Entry {
    final Fault fault;
    int remaining;

    Entry(Fault fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }

    Fault fault() {
      return fault;
    }
  }
}
