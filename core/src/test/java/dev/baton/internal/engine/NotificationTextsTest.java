package dev.baton.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.ChangeSummary;
import dev.baton.model.DeployRequest;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Notification;
import dev.baton.model.NotificationKind;
import dev.baton.model.Permission;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import dev.baton.spi.Authorizer;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The notifications' ids and texts, and the default deployer's message, against the plain
 * concatenation of the names (their {@code toString()}) that they are built to equal, on random
 * names, notes, change counts, kinds, details and versions.
 */
class NotificationTextsTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final String NAME = "abcdefghijklmnopqrstuvwxyz0123456789-_";

  /** A promotion, a kind and a detail, random. */
  record Case(Promotion promotion, NotificationKind kind, String detail) {}

  private final NotificationFactory factory = new NotificationFactory(new Authorizer() {
    @Override
    public boolean permits(UserId user, ProjectId project, Permission permission) {
      return true;
    }

    @Override
    public Optional<Set<UserId>> holders(ProjectId project, Permission permission) {
      return Optional.of(Set.of(UserId.of("bob"), UserId.of("carol")));
    }
  });

  @Test
  void idsAndTextsAreThePlainConcatenations() {
    Property.forAll(Gen.of(NotificationTextsTest::draw)).runs(5_000).verify(c -> {
      Promotion p = c.promotion();
      Notification submitted = factory.submitted(p, T).get(0);
      assertThat(submitted.summary()).isEqualTo(p.source() + " -> " + p.target()
          + " requested by " + p.requester() + ": " + NotificationFactory.describe(p.changes())
          + (p.notes().isEmpty() ? "" : ". Notes: " + p.notes()));
      assertThat(submitted.id().value()).isEqualTo("n-" + p.id() + "-submitted-v" + p.version());

      Notification outcome = factory.outcome(p, c.kind(), c.detail(), T).get(0);
      assertThat(outcome.summary()).isEqualTo(p.source() + " -> " + p.target() + " "
          + c.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + (c.detail().isEmpty() ? "" : ": " + c.detail()));
      assertThat(outcome.id().value()).isEqualTo("n-" + p.id() + "-"
          + c.kind().name().toLowerCase(Locale.ROOT) + "-v" + p.version());

      DeployRequest request = new DeployRequest(p.project(), p.target(), p.id(),
          ReleaseId.of("r-" + p.id().value()), Revision.of("rev-" + p.version()), p.requester(),
          p.version());
      assertThat(DoNothingPorts.deployer().deploy(request).message())
          .isEqualTo("nothing deployed: no deployer is set; " + request.release()
              + " is written to " + request.environment() + " at " + request.revision());
    });
  }

  private static Case draw(Randomness r) {
    Promotion p = Promotion.builder().id(PromotionId.of("p-" + name(r)))
        .project(ProjectId.of("x" + name(r))).source(EnvironmentName.of("s" + name(r)))
        .target(EnvironmentName.of("t" + name(r))).requester(UserId.of("u" + name(r)))
        .notes(r.nextBoolean() ? "" : "notes " + name(r))
        .changes(new ChangeSummary(r.nextInt(0, 3), r.nextInt(0, 3), r.nextInt(0, 2),
            r.nextInt(0, 2), r.nextInt(0, 2)))
        .requiredApprovals(r.nextInt(0, 3)).requestedAt(T).version(r.nextInt(1, 1_000_000))
        .build();
    NotificationKind[] kinds = NotificationKind.values();
    return new Case(p, kinds[r.nextInt(0, kinds.length - 1)],
        r.nextBoolean() ? "" : "detail " + name(r));
  }

  private static String name(Randomness r) {
    StringBuilder name = new StringBuilder();
    for (int i = r.nextInt(1, 12); i > 0; i--) {
      name.append(NAME.charAt(r.nextInt(0, NAME.length() - 1)));
    }
    return name.toString();
  }
}
