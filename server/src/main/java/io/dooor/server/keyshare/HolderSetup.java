package io.dooor.server.keyshare;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How this control plane reaches its key-share holders: in-process (the embedded default, holder
 * indices only) or remote (each index at a URL, with the outcome of the startup {@link
 * HolderCheck}).
 */
public record HolderSetup(
    boolean remote, List<Integer> indices, Map<Integer, URI> urls, Map<Integer, String> startup) {
  public HolderSetup {
    indices = List.copyOf(indices);
    urls = Collections.unmodifiableMap(new TreeMap<>(urls));
    startup = Collections.unmodifiableMap(new TreeMap<>(startup));
  }

  /** In-process holders of these indices. */
  public static HolderSetup embedded(List<Integer> indices) {
    return new HolderSetup(false, indices, Map.of(), Map.of());
  }

  /** Remote holders and their startup check results. */
  public static HolderSetup remote(Map<Integer, HolderCheck.Result> checked) {
    Map<Integer, URI> urls = new TreeMap<>();
    Map<Integer, String> startup = new TreeMap<>();
    checked.forEach(
        (i, r) -> {
          urls.put(i, r.url());
          startup.put(i, r.ok() ? "ok" : r.problem());
        });
    return new HolderSetup(true, List.copyOf(urls.keySet()), urls, startup);
  }
}
