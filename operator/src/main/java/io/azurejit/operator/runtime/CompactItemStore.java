package io.azurejit.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer cache that keeps each resource without its {@code managedFields} and without the copy
 * of the whole object that {@code kubectl apply} leaves in an annotation. The operator reads
 * neither, and together they are a large part of every cached resource: at ten thousand
 * JitAccessRequests this is the difference between fitting the container's memory limit and not.
 */
public final class CompactItemStore<R extends HasMetadata> extends BasicItemStore<R> {

  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  public CompactItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public R put(String key, R resource) {
    var metadata = resource.getMetadata();
    metadata.setManagedFields(null);
    if (metadata.getAnnotations() != null) {
      metadata.getAnnotations().remove(LAST_APPLIED);
    }
    return super.put(key, resource);
  }
}
