package io.aiecs.governor.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class AdviceWriterTest {
  private final TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.ofSystemLoader());

  /** What ASM asks when frames are computed: answered from class files, as the JVM's verifier would merge them. */
  @Test
  void theCommonSuperClassComesFromTheTypePool() {
    assertThat(AdviceWriter.commonSuperClass(pool, "java/lang/Integer", "java/lang/Long"))
        .isEqualTo("java/lang/Number");
    assertThat(AdviceWriter.commonSuperClass(pool, "java/util/ArrayList", "java/util/LinkedList"))
        .isEqualTo("java/util/AbstractList");
    assertThat(AdviceWriter.commonSuperClass(pool, "java/lang/Number", "java/lang/Integer"))
        .isEqualTo("java/lang/Number");
    assertThat(AdviceWriter.commonSuperClass(pool, "java/lang/Integer", "java/lang/Number"))
        .isEqualTo("java/lang/Number");
    assertThat(AdviceWriter.commonSuperClass(pool, "java/lang/Runnable", "java/lang/String"))
        .isEqualTo("java/lang/Object");
  }
}
