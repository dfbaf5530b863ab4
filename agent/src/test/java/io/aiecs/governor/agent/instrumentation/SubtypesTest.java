package io.aiecs.governor.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/** {@link AdvisedMethod#inSubtypes}: every class below the named type among the candidates, nothing else. */
class SubtypesTest {
  public interface Model {
    default String doChat(String request) {
      throw new UnsupportedOperationException();
    }
  }

  public interface RichModel extends Model {}

  public abstract static class BaseModel implements RichModel {}

  public static class Provider extends BaseModel {
    @Override
    public String doChat(String request) {
      return request;
    }
  }

  public static class Unrelated {}

  private final ElementMatcher<? super TypeDescription> types =
      AdvisedMethod.call(Model.class.getName(), named("doChat"), 0)
          .inSubtypes(nameStartsWith(SubtypesTest.class.getName())).types();

  private boolean matches(Class<?> type) {
    return types.matches(TypeDescription.ForLoadedType.of(type));
  }

  @Test
  void classesBelowTheInterfaceMatchThroughInterfacesAndSuperclasses() {
    assertThat(matches(Provider.class)).isTrue();
    assertThat(matches(BaseModel.class)).as("abstract classes may declare the method too").isTrue();
  }

  @Test
  void theInterfacesThemselvesAndUnrelatedClassesDoNot() {
    assertThat(matches(Model.class)).isFalse();
    assertThat(matches(RichModel.class)).isFalse();
    assertThat(matches(Unrelated.class)).isFalse();
  }

  @Test
  void classesOutsideTheCandidatesAreNotEvenResolved() {
    ElementMatcher<? super TypeDescription> elsewhere = AdvisedMethod.call(Model.class.getName(), named("doChat"), 0)
        .inSubtypes(nameStartsWith("dev.langchain4j.")).types();
    assertThat(elsewhere.matches(TypeDescription.ForLoadedType.of(Provider.class))).isFalse();
  }

  @Test
  void anExactlyNamedMethodHasNoTypeMatcher() {
    assertThat(AdvisedMethod.call(Model.class.getName(), named("doChat"), 0).types()).isNull();
  }
  @Test
  void onlyLoadersThatSeeTheTypeAreConsidered() throws Exception {
    var sees = Subtypes.loaderSees(AutoCloseable.class.getName());
    assertThat(sees.matches(getClass().getClassLoader())).isTrue();
    try (java.net.URLClassLoader isolated = new java.net.URLClassLoader(new java.net.URL[0], null)) {
      assertThat(Subtypes.loaderSees(SubtypesTest.class.getName()).matches(isolated)).isFalse();
    }
    assertThat(sees.matches(null)).as("the bootstrap loader").isFalse();
  }

  @Test
  void theNoArgumentFormLooksAtEveryClass() {
    AdvisedMethod exact = AdvisedMethod.call("a.B", net.bytebuddy.matcher.ElementMatchers.any(), 0);
    assertThat(exact.types()).isNull();
    assertThat(exact.inSubtypes().types()).isNotNull();
    assertThat(exact.inSubtypes().typeName()).isEqualTo("a.B");
  }
}
