package io.azurejit.operator.policy;

import io.azurejit.operator.azure.AzurePolicyKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per Azure JIT policy. Azure's policy document has no etag, so two writers that
 * read-merge-write it at once lose one write; within this process every read-merge-write of one
 * policy holds its lock, and leader election keeps other replicas from writing at all.
 */
public final class AzurePolicyLocks {

  private final ConcurrentHashMap<AzurePolicyKey, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** Runs {@code work} while holding the lock of {@code key}. */
  public <T> T withLock(AzurePolicyKey key, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
