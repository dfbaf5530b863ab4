package io.aiecs.governor.agent.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/** The accessor classes defined beside a library's classes, and where none can be. */
class DirectAccessorTest {
  public record Usage(long promptTokens, int completionTokens, Optional<String> model, boolean cached) {}

  public interface Sized {
    short size();
  }

  static final class Small implements Sized {
    @Override
    public short size() {
      return 3;
    }
  }

  private static final Usage USAGE = new Usage(4_000_000_000L, 70_000, Optional.of("m"), true);

  @Test
  void aClassBesideTheDeclaringClassCallsTheMethodAndBoxesPrimitives() throws Exception {
    Function<Object, Object> prompt = DirectAccessor.reading(Usage.class.getMethod("promptTokens"));
    Function<Object, Object> model = DirectAccessor.reading(Usage.class.getMethod("model"));
    Function<Object, Object> cached = DirectAccessor.reading(Usage.class.getMethod("cached"));

    assertThat(prompt).isNotNull();
    assertThat(prompt.getClass().getClassLoader()).isSameAs(Usage.class.getClassLoader());
    assertThat(prompt.getClass().getPackageName()).isEqualTo(Usage.class.getPackageName());
    assertThat(prompt.apply(USAGE)).isEqualTo(4_000_000_000L);
    assertThat(model.apply(USAGE)).isEqualTo(Optional.of("m"));
    assertThat(cached.apply(USAGE)).isEqualTo(true);
  }

  @Test
  void integralFiguresAreReadAsLongWithoutBoxing() throws Exception {
    ToLongFunction<Object> prompt = DirectAccessor.readingLong(Usage.class.getMethod("promptTokens"));
    ToLongFunction<Object> completion = DirectAccessor.readingLong(Usage.class.getMethod("completionTokens"));

    assertThat(prompt.applyAsLong(USAGE)).isEqualTo(4_000_000_000L);
    assertThat(completion.applyAsLong(USAGE)).isEqualTo(70_000);
    assertThat(DirectAccessor.readingLong(Usage.class.getMethod("model"))).as("not a number").isNull();
  }

  @Test
  void aMethodOfAnInterfaceIsCalledThroughTheInterface() throws Exception {
    ToLongFunction<Object> size = DirectAccessor.readingLong(Sized.class.getMethod("size"));

    assertThat(size.applyAsLong(new Small())).isEqualTo(3);
  }

  @Test
  void noClassIsDefinedInAPackageOfANamedModuleNotOpenToTheAgent() throws Exception {
    assertThat(DirectAccessor.reading(Collection.class.getMethod("size"))).isNull();
    // PropertyPath then reads through a method handle
    assertThat(PropertyPath.of("size").readLong(new ArrayList<>(List.of(1, 2)))).isEqualTo(2);
  }
}
