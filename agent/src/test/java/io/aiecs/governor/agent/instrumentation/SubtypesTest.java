package io.aiecs.governor.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/** {@link AdvisedMethod#inSubtypes()}: concrete implementations only, looked for only where the type is visible. */
class SubtypesTest {
  public interface Model {
    String call(String prompt);
  }

  public abstract static class BaseModel implements Model {}

  public static final class ProviderModel extends BaseModel {
    @Override
    public String call(String prompt) {
      return prompt;
    }
  }

  @Test
  void matchesConcreteImplementationsAtAnyDepthButNotTheTypeOrAbstractOnes() {
    var matcher = Subtypes.of(Model.class.getName());
    assertThat(matcher.matches(TypeDescription.ForLoadedType.of(ProviderModel.class))).isTrue();
    assertThat(matcher.matches(TypeDescription.ForLoadedType.of(BaseModel.class))).isFalse();
    assertThat(matcher.matches(TypeDescription.ForLoadedType.of(Model.class))).isFalse();
    assertThat(matcher.matches(TypeDescription.ForLoadedType.of(String.class))).isFalse();
  }

  @Test
  void onlyLoadersThatSeeTheTypeAreConsidered() throws Exception {
    var sees = Subtypes.loaderSees(Model.class.getName());
    assertThat(sees.matches(getClass().getClassLoader())).isTrue();
    try (URLClassLoader isolated = new URLClassLoader(new URL[0], null)) {
      assertThat(sees.matches(isolated)).isFalse();
    }
    assertThat(sees.matches(null)).as("the bootstrap loader").isFalse();
  }

  @Test
  void theFlagIsCarriedAndTheExactNameFormIsTheDefault() {
    AdvisedMethod exact = AdvisedMethod.call("a.B", net.bytebuddy.matcher.ElementMatchers.any(), 0);
    assertThat(exact.subtypes()).isFalse();
    assertThat(exact.inSubtypes().subtypes()).isTrue();
    assertThat(exact.inSubtypes().typeName()).isEqualTo("a.B");
  }
}
