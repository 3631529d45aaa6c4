package dev.baton;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The package arrows of core and the SPI point one way, as ARCHITECTURE.md draws them: the
 * facades of {@code dev.baton} on top, the engine under them, the rules (lifecycle, pipeline,
 * preview, governance, in-memory ports) under it, then the reading of environment files
 * ({@code manifests}), the YAML layer, and the SPI at the bottom, which needs the JDK only.
 *
 * <p>The rules name packages, never classes, so that renaming a class keeps them true. Main
 * classes of core and of {@code baton-spi} are analysed; tests and the contract kit are not.
 */
@AnalyzeClasses(
    packages = "dev.baton",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestkit.class})
class ArchitectureTest {

  private static final String[] SPI = {"dev.baton.model..", "dev.baton.error..", "dev.baton.spi.."};

  @ArchTest
  static final ArchRule layersPointDown = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("Facades").definedBy("dev.baton")
      .layer("Engine").definedBy("dev.baton.internal.engine..")
      .layer("Rules").definedBy("dev.baton.lifecycle..", "dev.baton.pipeline..",
          "dev.baton.preview..", "dev.baton.governance..", "dev.baton.memory..")
      .layer("Manifests").definedBy("dev.baton.manifests..")
      .layer("Yaml").definedBy("dev.baton.internal.yaml..")
      .layer("Spi").definedBy(SPI)
      .whereLayer("Facades").mayNotBeAccessedByAnyLayer()
      .whereLayer("Engine").mayOnlyBeAccessedByLayers("Facades")
      .whereLayer("Rules").mayOnlyBeAccessedByLayers("Facades", "Engine")
      .whereLayer("Manifests").mayOnlyBeAccessedByLayers("Facades", "Engine", "Rules")
      .whereLayer("Yaml").mayOnlyBeAccessedByLayers("Facades", "Engine", "Rules", "Manifests")
      .whereLayer("Spi").mayNotAccessAnyLayer();

  @ArchTest
  static final ArchRule yamlIsTheBottomOfCore = noClasses()
      .that().resideInAPackage("dev.baton.internal.yaml..")
      .should().dependOnClassesThat(resideInAPackage("dev.baton..").and(not(resideInAnyPackage(
          "dev.baton.internal.yaml..", "dev.baton.error..", "dev.baton.model.."))))
      .because("the YAML layer is the bottom of core: it knows only values and errors");

  @ArchTest
  static final ArchRule engineServesOnlyTheFacades = classes()
      .that().resideInAPackage("dev.baton.internal.engine..")
      .should().onlyHaveDependentClassesThat().resideInAnyPackage(
          "dev.baton", "dev.baton.internal.engine..")
      .because("the engine is reached through the facades of dev.baton only");

  @ArchTest
  static final ArchRule spiNeedsTheJdkOnly = classes()
      .that().resideInAnyPackage(SPI)
      .should().onlyDependOnClassesThat().resideInAnyPackage(
          "java..", "dev.baton.model..", "dev.baton.error..", "dev.baton.spi..")
      .because("baton-spi is JDK only and knows nothing of core");

  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("dev.(**)")
      .should().beFreeOfCycles();

  @ArchTest
  static final ArchRule publicSignaturesShowNoInternals = classes()
      .that().resideOutsideOfPackage("..internal..")
      .and().arePublic()
      .should(mentionInNoPublicSignature(resideInAnyPackage("..internal..",
          "com.google.common..", "com.fasterxml.jackson..", "org.eclipse.jgit..")))
      .because("internal packages, Guava, Jackson and JGit are not part of the API (STYLE.md)");

  /** Leaves out the contract kit, which core's tests have on their class path. */
  public static final class NoTestkit implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/dev/baton/testkit/");
    }
  }

  /**
   * Holds when no type that a caller of the class sees (its supertypes and type parameters, and
   * the types, type arguments and exceptions of its public and protected members) is forbidden.
   */
  private static ArchCondition<JavaClass> mentionInNoPublicSignature(
      DescribedPredicate<JavaClass> forbidden) {
    return new ArchCondition<>("mention no " + forbidden.getDescription()
        + " in a public signature") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        if (!visible(type)) {
          return;
        }
        List<Mention> seen = new ArrayList<>();
        type.getSuperclass().ifPresent(s -> add(seen, "extends", s));
        type.getInterfaces().forEach(i -> add(seen, "implements", i));
        type.getTypeParameters().forEach(p -> p.getUpperBounds()
            .forEach(b -> add(seen, "type parameter " + p.getName(), b)));
        for (JavaMember member : type.getMembers()) {
          if (!shown(member)) {
            continue;
          }
          if (member instanceof JavaField field) {
            add(seen, field.getFullName(), field.getType());
          } else if (member instanceof JavaCodeUnit code) {
            add(seen, code.getFullName(), code.getReturnType());
            code.getParameterTypes().forEach(p -> add(seen, code.getFullName(), p));
            code.getThrowsClause().getTypes().forEach(t -> add(seen, code.getFullName(), t));
          }
        }
        for (Mention mention : seen) {
          if (forbidden.test(mention.type())) {
            events.add(SimpleConditionEvent.violated(type,
                type.getName() + ": " + mention.where() + " mentions " + mention.type().getName()));
          }
        }
      }
    };
  }

  private record Mention(String where, JavaClass type) {}

  private static void add(List<Mention> seen, String where, JavaType type) {
    type.getAllInvolvedRawTypes().forEach(raw -> seen.add(new Mention(where, raw)));
  }

  /** A public class whose enclosing classes are public too: a caller can name it. */
  private static boolean visible(JavaClass type) {
    for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
      if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static boolean shown(JavaMember member) {
    return !member.getModifiers().contains(JavaModifier.SYNTHETIC)
        && (member.getModifiers().contains(JavaModifier.PUBLIC)
            || member.getModifiers().contains(JavaModifier.PROTECTED));
  }
}
