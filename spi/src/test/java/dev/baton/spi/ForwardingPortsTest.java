package dev.baton.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A forwarding port that leaves a default method to the interface silently changes what the
 * delegate does (a pull-request repository would look delivered, an atomic outbox claim would
 * become the non-atomic default): every method of the port, default ones included, is declared
 * and forwarded. The one exception is {@link PromotionStore#takesDueInBatches}, which answers
 * {@code false} until a decorator opts in, so that one overriding the single takes sees them.
 */
class ForwardingPortsTest {

  @Test
  void theForwardingEnvironmentRepositoryForwardsEveryMethodOfThePort() {
    assertThat(notForwarded(EnvironmentRepository.class, ForwardingEnvironmentRepository.class))
        .isEmpty();
  }

  @Test
  void theForwardingFreezeStoreForwardsEveryMethodOfThePort() {
    assertThat(notForwarded(FreezeStore.class, ForwardingFreezeStore.class)).isEmpty();
  }

  @Test
  void theForwardingPromotionStoreForwardsEveryMethodOfThePort() {
    assertThat(notForwarded(PromotionStore.class, ForwardingPromotionStore.class)).isEmpty();
  }

  @Test
  void theForwardingPromotionStoreTakesOneAtATimeUnlessItOptsIn() {
    PromotionStore batching = (PromotionStore) Proxy.newProxyInstance(
        PromotionStore.class.getClassLoader(), new Class<?>[] {PromotionStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("takesDueInBatches")) {
            return true;
          }
          throw new UnsupportedOperationException(method.getName());
        });
    ForwardingPromotionStore plain = new ForwardingPromotionStore(batching) { };
    ForwardingPromotionStore optedIn = new ForwardingPromotionStore(batching) {
      @Override
      public boolean takesDueInBatches() {
        return delegate().takesDueInBatches();
      }
    };

    assertThat(plain.takesDueInBatches()).isFalse();
    assertThat(optedIn.takesDueInBatches()).isTrue();
  }

  private static List<String> notForwarded(Class<?> port, Class<?> forwarding) {
    return Arrays.stream(port.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .filter(m -> !declares(forwarding, m))
        .map(Method::toString)
        .toList();
  }

  private static boolean declares(Class<?> type, Method method) {
    try {
      type.getDeclaredMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
