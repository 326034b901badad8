package io.costslo.app.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Fabric8's CRUD dispatcher with its linear scans taken out of the per-request path.
 *
 * <p>The stock dispatcher answers a GET, and finds the stored copy for a POST, PUT or PATCH, by testing
 * every stored key against the request; with n objects each request costs O(n), and a run that writes each
 * object a few times costs O(n²) on the mock server's one request thread (at 5,000 policies it was most of
 * the benchmark's CPU). Here a {@link StoreIndex} beside the stock map hands that matching only the keys
 * of the requested resource (and name), so the request costs about the same at any store size.
 *
 * <p>The stock code still does everything else: the write handlers (merge and JSON patch, status
 * subresource, resourceVersion, generation), deletes with finalizers, watches and the API discovery
 * answers. This class keeps the index in step by hooking {@link #processEvent}, through which every change
 * to the map passes, and checks after each change that the key it indexed is the one the map holds; if
 * they ever disagree it rebuilds the index from the map rather than answer from a stale one.
 */
class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
  private final StoreIndex index = new StoreIndex();
  /**
   * Guards the index. Taken before the stock dispatcher's own lock and never the other way round, so the
   * two cannot deadlock; a write holder may also take it for reading (findResource from a write handler).
   */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** The newest resourceVersion handed out: what the stock dispatcher puts on a list. */
  private final AtomicLong lastResourceVersion = new AtomicLong();
  private final KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
  private final KubernetesResponseComposer composer = (KubernetesResponseComposer) responseComposer;

  @Override
  public long requestResourceVersion() {
    long v = super.requestResourceVersion();
    lastResourceVersion.set(v);
    return v;
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    return guarded(lock.writeLock(), () -> super.handleCreate(request));
  }

  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    return guarded(lock.writeLock(), () -> super.handleUpdate(request));
  }

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    return guarded(lock.writeLock(), () -> super.handlePatch(request));
  }

  /** Deletes are rare (tests, cleanup): the stock path scans, and processEvent keeps the index in step. */
  @Override
  public MockResponse handleDelete(String path) {
    return guarded(lock.writeLock(), () -> super.handleDelete(path));
  }

  @Override
  public MockResponse handleGet(String path) {
    if (path == null || path.contains("watch=true")) {
      // A watch registers a listener and replays the store once: the stock code's job.
      return super.handleGet(path);
    }
    return guarded(lock.readLock(), () -> {
      AttributeSet query = extractor.fromPath(path);
      List<String> items = new ArrayList<>();
      for (Map.Entry<AttributeSet, String> e : matching(query, Integer.MAX_VALUE)) {
        items.add(e.getValue());
      }
      MockResponse response = new MockResponse();
      if (query.containsKey(KubernetesAttributesExtractor.NAME)) {
        // As the stock dispatcher: the first match, or 404 without a body.
        return items.isEmpty() ? response.setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
            : response.setResponseCode(HttpURLConnection.HTTP_OK).setBody(items.get(0));
      }
      if (items.isEmpty()) {
        // An empty list may be an API discovery request, which only the stock code can answer.
        return super.handleGet(path);
      }
      return response.setResponseCode(HttpURLConnection.HTTP_OK)
          .setBody(composer.compose(items, String.valueOf(lastResourceVersion.get())));
    });
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    return guarded(lock.readLock(), () -> {
      List<Map.Entry<AttributeSet, String>> hits = matching(attributes, 1);
      return hits.isEmpty() ? null : hits.get(0);
    });
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    guarded(lock.writeLock(), () -> {
      // The key the stock code will store the new state under, derived as it derives it (before it
      // registers a CRD, which could change how the next keys are derived).
      AttributeSet added = null;
      if (newState != null) {
        added = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
        if (!added.containsKey(KubernetesAttributesExtractor.PLURAL)) {
          added = AttributeSet.merge(pathAttributes, added);
        }
      }
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      index.remove(oldAttributes);
      if (added != null) {
        index.add(added);
      }
      boolean inStep = (added == null || map.containsKey(added))
          && (oldAttributes == null || oldAttributes.equals(added) || !map.containsKey(oldAttributes))
          && index.size() == map.size();
      if (!inStep) {
        rebuild();
      }
      return null;
    });
  }

  @Override
  public void reset() {
    guarded(lock.writeLock(), () -> {
      super.reset();
      index.clear();
      return null;
    });
  }

  /** The index's view of the store, for tests: true when it holds exactly the map's keys. */
  boolean indexAgreesWithStore() {
    return guarded(lock.readLock(), () -> {
      synchronized (map) {
        return index.size() == map.size() && map.keySet().stream().allMatch(index::contains);
      }
    });
  }

  private void rebuild() {
    synchronized (map) {
      index.rebuild(new ArrayList<>(map.keySet()));
    }
  }

  /** Up to limit stored entries that match the query, in the store's order. */
  private List<Map.Entry<AttributeSet, String>> matching(AttributeSet query, int limit) {
    List<Map.Entry<AttributeSet, String>> hits = new ArrayList<>();
    for (AttributeSet key : index.candidates(query)) {
      if (key.matches(query)) {
        String value = map.get(key);
        if (value != null) {
          hits.add(Map.entry(key, value));
          if (hits.size() >= limit) {
            break;
          }
        }
      }
    }
    return hits;
  }

  private static <T> T guarded(Lock l, Supplier<T> body) {
    l.lock();
    try {
      return body.get();
    } finally {
      l.unlock();
    }
  }
}
