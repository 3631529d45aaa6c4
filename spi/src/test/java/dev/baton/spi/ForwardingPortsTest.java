package dev.baton.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A forwarding port that leaves a default method to the interface silently changes what the
 * delegate does (a pull-request repository would look delivered, an atomic outbox claim would
 * become the non-atomic default): every method of the port, default ones included, is forwarded.
 */
class ForwardingPortsTest {

  @Test
  void theForwardingEnvironmentRepositoryForwardsEveryMethodOfThePort() {
    assertThat(notForwarded(EnvironmentRepository.class, ForwardingEnvironmentRepository.class))
        .isEmpty();
  }

  @Test
  void theForwardingPromotionStoreForwardsEveryMethodOfThePort() {
    assertThat(notForwarded(PromotionStore.class, ForwardingPromotionStore.class)).isEmpty();
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
