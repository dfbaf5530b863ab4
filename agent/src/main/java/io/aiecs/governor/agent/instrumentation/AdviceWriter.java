package io.aiecs.governor.agent.instrumentation;

import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Writes Byte Buddy {@link net.bytebuddy.asm.Advice} into a class file with a plain ASM reader/writer pass: the
 * advice wraps the visitors of the methods it matches, every other part of the class is copied as it was (the
 * writer starts from the reader's constant pool).
 *
 * <p>This is what {@code ByteBuddy.decorate(type).visit(advice).make()} does for a class whose members stay as
 * they are, without its type builder: that path also compiled the woven class's whole method graph (reading
 * every supertype's class file) and loaded some 150 more of Byte Buddy's classes, on the thread that loads the
 * first client class (issue 6). Retransformation rules hold as before: no member is added or removed, and a
 * disabled implementation context refuses anything that would need one (auxiliary types, a type initializer).
 */
final class AdviceWriter {
  private static final AuxiliaryType.NamingStrategy NO_AUXILIARY_TYPES =
      new AuxiliaryType.NamingStrategy.Suffixing("governor");

  private AdviceWriter() {}

  /**
   * The class file {@code classFile} of {@code type} (described from {@code pool}) with {@code advice} woven in.
   */
  static byte[] write(TypeDescription type, TypePool pool, byte[] classFile, AsmVisitorWrapper advice) {
    int writerFlags = advice.mergeWriter(AsmVisitorWrapper.NO_FLAGS);
    int readerFlags = advice.mergeReader(AsmVisitorWrapper.NO_FLAGS);
    ClassReader reader = OpenedClassReader.of(classFile);
    ClassWriter writer = new ClassWriter(reader, writerFlags) {
      // Advice computes its own frames; asked anyway (a wrapper that wants COMPUTE_FRAMES), the answer comes
      // from the type pool, never from loading classes in the middle of a class load
      @Override
      protected String getCommonSuperClass(String left, String right) {
        return commonSuperClass(pool, left, right);
      }
    };
    ClassFileVersion version = ClassFileVersion.ofClassFile(classFile);
    Implementation.Context.ExtractableView context = Implementation.Context.Disabled.Factory.INSTANCE.make(
        type, NO_AUXILIARY_TYPES, TypeInitializer.None.INSTANCE, version, version);
    // the declared methods, constructors included: advice matches among them (never the type initializer)
    ClassVisitor visitor = advice.wrap(type, writer, context, pool, type.getDeclaredFields(),
        type.getDeclaredMethods(), writerFlags, readerFlags);
    reader.accept(visitor, readerFlags);
    return writer.toByteArray();
  }

  static String commonSuperClass(TypePool pool, String left, String right) {
    TypeDescription a = pool.describe(left.replace('/', '.')).resolve();
    TypeDescription b = pool.describe(right.replace('/', '.')).resolve();
    if (a.isAssignableFrom(b)) {
      return left;
    }
    if (b.isAssignableFrom(a)) {
      return right;
    }
    if (a.isInterface() || b.isInterface()) {
      return "java/lang/Object";
    }
    do {
      TypeDescription.Generic superClass = a.getSuperClass();
      if (superClass == null) {
        return "java/lang/Object";
      }
      a = superClass.asErasure();
    } while (!a.isAssignableFrom(b));
    return a.getInternalName();
  }
}
