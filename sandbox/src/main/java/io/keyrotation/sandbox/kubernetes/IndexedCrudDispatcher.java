package io.keyrotation.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;

/**
 * The mock's CRUD dispatcher, whose every read and write scanned the whole store (its cost grew with the square of the
 * store: 10,000 resources did not fit in a benchmark), with a {@link StoreIndex} kept in step with that store: a read
 * of one object or of one resource's collection, and the lookup of the object a write replaces, look only at the
 * objects of that resource. Answers are those of the scan: the same matching of the whole query (namespace, label and
 * field selectors), the same order, the same bodies. Watches, deletes and anything the index cannot narrow go to the
 * mock as before.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  /** Where the mock answers an empty collection with the API resources of its CRDs instead of an empty list. */
  private static final Pattern API_RESOURCES_PATH = Pattern.compile("/apis(/[a-zA-Z0-9-_.]+)?(/[a-zA-Z0-9-_]+)");

  private final StoreIndex index = new StoreIndex();
  /** Guards the index and the store together for reads that bypass the mock's own (private) lock. */
  private final ReadWriteLock indexLock = new ReentrantReadWriteLock();
  /** The mock's last resourceVersion (its counter is private; every increment goes through requestResourceVersion). */
  private final AtomicLong lastResourceVersion = new AtomicLong();
  private final AtomicLong rebuilds = new AtomicLong();

  @Override
  public MockResponse handleGet(String path) {
    if (path.contains("watch=")) {
      return super.handleGet(path);
    }
    AttributeSet query = getKey(path);
    Optional<ListPages> paging;
    try {
      paging = ListPages.of(path);
    } catch (ListPages.Refused e) {
      return StatusResponses.badRequest(e.getMessage());
    }
    List<String> items;
    Optional<String> continueToken = Optional.empty();
    indexLock.readLock().lock();
    try {
      Optional<Collection<AttributeSet>> candidates = index.candidates(query);
      if (candidates.isEmpty()) {
        items = null;
      } else {
        List<AttributeSet> matching = new ArrayList<>();
        for (AttributeSet key : candidates.get()) {
          if (key.matches(query)) {
            matching.add(key);
          }
        }
        if (paging.isPresent() && !query.containsKey(KubernetesAttributesExtractor.NAME)) {
          ListPages.Page page = paging.get().page(matching);
          matching = page.keys();
          continueToken = page.continueToken();
        }
        items = new ArrayList<>(matching.size());
        for (AttributeSet key : matching) {
          items.add(map.get(key));
        }
      }
    } finally {
      indexLock.readLock().unlock();
    }
    if (items == null) {
      return super.handleGet(path);
    }
    if (query.containsKey(KubernetesAttributesExtractor.NAME)) {
      return items.isEmpty() ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
          : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(items.get(0));
    }
    if (items.isEmpty() && API_RESOURCES_PATH.matcher(path).matches()) {
      return super.handleGet(path);
    }
    String resourceVersion = String.valueOf(lastResourceVersion.get());
    String list = continueToken.isEmpty()
        ? ((KubernetesResponseComposer) getResponseComposer()).compose(items, resourceVersion)
        : "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + String.join(",", items)
            + "],\"metadata\":{\"resourceVersion\":\"" + resourceVersion + "\",\"continue\":\"" + continueToken.get() + "\"}}";
    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(list);
  }

  /** Called by the mock's write handlers, under its write lock. */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    Optional<Collection<AttributeSet>> candidates = index.candidates(attributes);
    if (candidates.isEmpty()) {
      return super.findResource(attributes);
    }
    for (AttributeSet key : candidates.get()) {
      if (key.matches(attributes)) {
        return Map.entry(key, map.get(key));
      }
    }
    return null;
  }

  /** Every change to the store goes through here (under the mock's write lock) or through {@link #reset()}. */
  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                           GenericKubernetesResource resource, String newState) {
    AttributeSet newKey = newState == null ? null : keyOf(pathAttributes, resource, newState);
    indexLock.writeLock().lock();
    try {
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      if (oldAttributes != null) {
        index.remove(oldAttributes);
      }
      if (newKey != null) {
        if (map.containsKey(newKey)) {
          index.add(newKey);
        } else {
          // the mock keyed the object otherwise than foreseen: index the store as it is
          rebuilds.incrementAndGet();
          index.rebuild(new ArrayList<>(map.keySet()));
        }
      }
    } finally {
      indexLock.writeLock().unlock();
    }
  }

  /** The key the mock's processEvent gives a new state (computed before it, with the same CRDs known). */
  private AttributeSet keyOf(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
    AttributeSet key = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
    return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
  }

  @Override
  public long requestResourceVersion() {
    long version = super.requestResourceVersion();
    lastResourceVersion.accumulateAndGet(version, Math::max);
    return version;
  }

  @Override
  public void reset() {
    indexLock.writeLock().lock();
    try {
      super.reset();
      index.clear();
    } finally {
      indexLock.writeLock().unlock();
    }
  }

  /** How often the index had to be rebuilt from the store (0 when it foresaw every key). */
  long rebuilds() {
    return rebuilds.get();
  }
}
