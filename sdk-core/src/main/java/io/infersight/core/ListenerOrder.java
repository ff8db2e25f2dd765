package io.infersight.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks that listeners were added in an order that their {@link ListenerCapability declarations}
 * allow: for every pair, a provider of a capability sits on the side of the listeners that need
 * it that the capability says. The order is the user's: it is checked, never changed.
 */
final class ListenerOrder {
  private ListenerOrder() {}

  /**
   * @throws IllegalStateException naming both listeners of the first pair in the wrong order, or
   *     the listener whose declaration is {@code null}
   */
  static void check(List<InferenceListener> listeners, Function<InferenceListener, String> names) {
    int n = listeners.size();
    List<Set<ListenerCapability>> provides = new ArrayList<>(n);
    List<Set<ListenerCapability>> needs = new ArrayList<>(n);
    for (InferenceListener l : listeners) {
      provides.add(declared(l.provides(), l, "provides", names));
      needs.add(declared(l.needs(), l, "needs", names));
    }
    for (int j = 1; j < n; j++) {
      for (int i = 0; i < j; i++) {
        for (ListenerCapability c : ListenerCapability.values()) {
          boolean wrong = c.providersFirst()
              ? needs.get(i).contains(c) && provides.get(j).contains(c)
              : provides.get(i).contains(c) && needs.get(j).contains(c);
          if (wrong) {
            int needer = c.providersFirst() ? i : j;
            int provider = c.providersFirst() ? j : i;
            String first = names.apply(listeners.get(j)) + " (position " + (j + 1) + ")";
            String second = names.apply(listeners.get(i)) + " (position " + (i + 1) + ")";
            throw new IllegalStateException("listeners: " + names.apply(listeners.get(needer))
                + " needs " + c.description() + ", which " + names.apply(listeners.get(provider))
                + " provides; add " + first + " before " + second);
          }
        }
      }
    }
  }

  private static Set<ListenerCapability> declared(Set<ListenerCapability> set, InferenceListener l,
      String method, Function<InferenceListener, String> names) {
    if (set == null) {
      throw new IllegalStateException("listeners: " + names.apply(l) + "." + method
          + "() returned null; return an empty set to declare nothing");
    }
    return set;
  }
}
