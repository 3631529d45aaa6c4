package dev.baton.memory;

import dev.baton.model.BreakGlass;
import dev.baton.model.ChangeSummary;
import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionRule;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.StatusChange;
import dev.baton.model.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A settled promotion as the in-memory store keeps it: one byte array instead of the forty-odd
 * objects of a {@link Promotion} (its lists, decisions, status changes, instants, optionals and
 * release), because a store that keeps millions of promotions spent a third of its time in the
 * collector copying them. Unpacking gives a promotion equal to the packed one; the id and the
 * request time are the slot's, not the array's. A promotion that holds an execution claim is
 * never packed (the store keeps it as it is while it executes).
 *
 * <p>The array starts with what a history filter and the last-release look read without
 * unpacking the rest: the status, the project, the target, the requester, then the release.
 * Shared values (names, scopes, rule lists, short texts) are written as their {@link Symbols}
 * numbers; instants as seconds after the request and nanoseconds; a Git commit id as its 20
 * bytes; other texts char by char, one byte each when every char fits, else two, so that every
 * string (a lone surrogate too) comes back as it was.
 */
final class PackedPromotion {
  private static final PromotionStatus[] STATUSES = PromotionStatus.values();
  private static final DecisionKind[] KINDS = DecisionKind.values();
  private static final DeployState[] DEPLOY_STATES = DeployState.values();
  private static final PromotableProperty[] PROPERTIES = PromotableProperty.values();
  private static final int NONE = 0;
  private static final int COMMIT_ID = 1;
  private static final int OTHER_REVISION = 2;
  private static final int REQUESTER_MAY_APPROVE = 1;
  private static final int ROLLBACK = 2;
  private static final int MAX_KEPT_BUFFER = 1 << 16;

  private final Symbols symbols;
  // reused for every pack, under the store's lock
  private byte[] buffer = new byte[512];
  private int size;

  /** A codec whose symbol table has the room {@link Symbols} gives names and texts. */
  PackedPromotion() {
    this(Symbols.NAMES, Symbols.TEXTS);
  }

  /** A codec whose symbol table has room for this many names and texts (tests fill it). */
  PackedPromotion(int nameRoom, int textRoom) {
    symbols = new Symbols(nameRoom, textRoom);
  }

  /** The packed form of a promotion without an execution claim. */
  byte[] pack(Promotion p) {
    if (p.claim().isPresent()) {
      throw new IllegalArgumentException("an executing promotion is not packed: " + p.id());
    }
    size = 0;
    long base = p.requestedAt().getEpochSecond();
    writeByte(p.status().ordinal());
    writeName(p.project());
    writeName(p.target());
    writeName(p.requester());
    if (p.release().isPresent()) {
      Release r = p.release().get();
      writeByte(1);
      writeString(r.id().value());
      writeRevision(r.revision());
      writeInstant(r.createdAt(), base);
      writeByte(r.deployState().ordinal());
      writeText(r.deployMessage());
      writeOptionalInstant(r.deployedAt(), base);
      writeOptionalName(r.deployedBy());
    } else {
      writeByte(0);
    }
    writeName(p.source());
    writeOptionalRevision(p.sourceRevision());
    writeOptionalRevision(p.targetRevision());
    writeText(p.notes());
    if (p.idempotencyKey().isPresent()) {
      writeByte(1);
      writeString(p.idempotencyKey().get());
    } else {
      writeByte(0);
    }
    writeVarLong(p.requiredApprovals());
    writeByte((p.requesterMayApprove() ? REQUESTER_MAY_APPROVE : 0)
        | (p.rollback() ? ROLLBACK : 0));
    writeScope(p.scope());
    writeRules(p.rules());
    ChangeSummary c = p.changes();
    writeVarLong(c.workloads());
    writeVarLong(c.values());
    writeVarLong(c.bindings());
    writeVarLong(c.variables());
    writeVarLong(c.conflicts());
    writeVarLong(p.decisions().size());
    for (Decision d : p.decisions()) {
      writeName(d.by());
      writeByte(d.kind().ordinal());
      writeText(d.comment());
      writeInstant(d.at(), base);
    }
    writeVarLong(p.history().size());
    for (StatusChange s : p.history()) {
      writeByte(s.from().isPresent() ? s.from().get().ordinal() + 1 : 0);
      writeByte(s.to().ordinal());
      writeName(s.by());
      writeInstant(s.at(), base);
      writeText(s.reason());
    }
    if (p.breakGlass().isPresent()) {
      BreakGlass b = p.breakGlass().get();
      writeByte(1);
      writeName(b.project());
      writeName(b.environment());
      writeName(b.by());
      writeText(b.reason());
      writeInstant(b.startedAt(), base);
      writeInstant(b.until(), base);
    } else {
      writeByte(0);
    }
    writeVarLong(p.version());
    byte[] packed = Arrays.copyOf(buffer, size);
    if (buffer.length > MAX_KEPT_BUFFER) {
      // a promotion with long notes grew it: not kept at that size for the store's life
      buffer = new byte[512];
    }
    return packed;
  }

  /** The promotion packed in {@code packed}, with the slot's id and request time. */
  Promotion unpack(PromotionId id, Instant requestedAt, byte[] packed) {
    Reader in = new Reader(packed, requestedAt.getEpochSecond());
    Header header = in.readHeader();
    Optional<Release> release = Optional.ofNullable(in.readRelease());
    EnvironmentName source = (EnvironmentName) in.readName(EnvironmentName::of);
    Optional<Revision> sourceRevision = Optional.ofNullable(in.readRevision());
    Optional<Revision> targetRevision = Optional.ofNullable(in.readRevision());
    String notes = in.readText();
    Optional<String> idempotencyKey =
        in.readByte() == 1 ? Optional.of(in.readString()) : Optional.empty();
    int requiredApprovals = (int) in.readVarLong();
    int flags = in.readByte();
    Set<PromotableProperty> scope = in.readScope();
    List<PromotionRule> rules = in.readRules();
    ChangeSummary changes = new ChangeSummary((int) in.readVarLong(), (int) in.readVarLong(),
        (int) in.readVarLong(), (int) in.readVarLong(), (int) in.readVarLong());
    Decision[] decisions = new Decision[(int) in.readVarLong()];
    for (int i = 0; i < decisions.length; i++) {
      UserId by = (UserId) in.readName(UserId::of);
      DecisionKind kind = KINDS[in.readByte()];
      decisions[i] = new Decision(by, kind, in.readText(), in.readInstant());
    }
    StatusChange[] history = new StatusChange[(int) in.readVarLong()];
    for (int i = 0; i < history.length; i++) {
      int from = in.readByte();
      PromotionStatus to = STATUSES[in.readByte()];
      UserId by = (UserId) in.readName(UserId::of);
      Instant at = in.readInstant();
      history[i] = new StatusChange(from == 0 ? Optional.empty() : Optional.of(STATUSES[from - 1]),
          to, by, at, in.readText());
    }
    Optional<BreakGlass> breakGlass = Optional.empty();
    if (in.readByte() == 1) {
      ProjectId glassProject = (ProjectId) in.readName(ProjectId::of);
      EnvironmentName environment = (EnvironmentName) in.readName(EnvironmentName::of);
      UserId by = (UserId) in.readName(UserId::of);
      String reason = in.readText();
      breakGlass = Optional.of(new BreakGlass(glassProject, environment, by, reason,
          in.readInstant(), in.readInstant()));
    }
    long version = in.readVarLong();
    return new Promotion(id, header.project(), source, header.target(), sourceRevision,
        header.requester(), notes, idempotencyKey, requiredApprovals,
        (flags & REQUESTER_MAY_APPROVE) != 0, scope, rules, targetRevision,
        (flags & ROLLBACK) != 0, changes, header.status(), List.of(decisions),
        List.of(history), Optional.empty(), release, breakGlass, requestedAt, version);
  }

  /** Whether a packed promotion passes a query's filters, read from its first fields. */
  boolean matches(PromotionQuery query, Instant requestedAt, byte[] packed) {
    Header h = new Reader(packed, requestedAt.getEpochSecond()).readHeader();
    return query.matches(h.project(), h.target(), h.status(), h.requester(), requestedAt, false);
  }

  /** The release of a packed promotion, read without the fields after it. */
  Optional<Release> release(Instant requestedAt, byte[] packed) {
    Reader in = new Reader(packed, requestedAt.getEpochSecond());
    in.readHeader();
    return Optional.ofNullable(in.readRelease());
  }

  private void writeName(Object name) {
    int number = symbols.name(name);
    writeVarLong(number);
    if (number == 0) {
      writeString(nameText(name));
    }
  }

  private static String nameText(Object name) {
    if (name instanceof ProjectId project) {
      return project.value();
    }
    if (name instanceof EnvironmentName environment) {
      return environment.value();
    }
    return ((UserId) name).value();
  }

  private void writeOptionalName(Optional<UserId> name) {
    if (name.isPresent()) {
      writeByte(1);
      writeName(name.get());
    } else {
      writeByte(0);
    }
  }

  private void writeText(String text) {
    int number = symbols.text(text);
    writeVarLong(number);
    if (number == 0) {
      writeString(text);
    }
  }

  private void writeScope(Set<PromotableProperty> scope) {
    int number = symbols.name(scope);
    writeVarLong(number);
    if (number == 0) {
      long bits = 0;
      for (PromotableProperty property : scope) {
        bits |= 1L << property.ordinal();
      }
      writeVarLong(bits);
    }
  }

  private void writeRules(List<PromotionRule> rules) {
    int number = symbols.name(rules);
    writeVarLong(number);
    if (number != 0) {
      return;
    }
    writeVarLong(rules.size());
    for (PromotionRule rule : rules) {
      writeString(rule.files());
      writeStrings(rule.jsonPaths());
      writeStrings(rule.exclude());
    }
  }

  private void writeStrings(List<String> strings) {
    writeVarLong(strings.size());
    for (String s : strings) {
      writeString(s);
    }
  }

  private void writeOptionalRevision(Optional<Revision> revision) {
    if (revision.isPresent()) {
      writeRevision(revision.get());
    } else {
      writeByte(NONE);
    }
  }

  private void writeRevision(Revision revision) {
    String value = revision.value();
    if (isCommitId(value)) {
      writeByte(COMMIT_ID);
      ensure(20);
      for (int i = 0; i < 40; i += 2) {
        buffer[size++] = (byte) (Character.digit(value.charAt(i), 16) << 4
            | Character.digit(value.charAt(i + 1), 16));
      }
    } else {
      writeByte(OTHER_REVISION);
      writeString(value);
    }
  }

  // forty lower-case hex digits: what unpacking spells back
  private static boolean isCommitId(String value) {
    if (value.length() != 40) {
      return false;
    }
    for (int i = 0; i < 40; i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private void writeOptionalInstant(Optional<Instant> at, long base) {
    if (at.isPresent()) {
      writeByte(1);
      writeInstant(at.get(), base);
    } else {
      writeByte(0);
    }
  }

  // the seconds after the request, zigzagged: an instant may be before it; Instant's range keeps
  // the difference inside a long
  private void writeInstant(Instant at, long base) {
    long seconds = at.getEpochSecond() - base;
    writeVarLong((seconds << 1) ^ (seconds >> 63));
    writeVarLong(at.getNano());
  }

  // the char count, doubled, plus one when every char fits in a byte
  private void writeString(String s) {
    int length = s.length();
    boolean narrow = true;
    for (int i = 0; i < length && narrow; i++) {
      narrow = s.charAt(i) <= 0xff;
    }
    writeVarLong(((long) length << 1) | (narrow ? 1 : 0));
    ensure(narrow ? length : 2 * length);
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!narrow) {
        buffer[size++] = (byte) (c >>> 8);
      }
      buffer[size++] = (byte) c;
    }
  }

  private void writeByte(int b) {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  private void writeVarLong(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, size + more));
    }
  }

  /** The fields a packed promotion starts with, which a history filter reads. */
  private record Header(PromotionStatus status, ProjectId project, EnvironmentName target,
      UserId requester) {}

  /** Reads one packed promotion, front to back. */
  private final class Reader {
    private final byte[] in;
    private final long base;
    private int at;

    Reader(byte[] in, long base) {
      this.in = in;
      this.base = base;
    }

    int readByte() {
      return in[at++] & 0xff;
    }

    Header readHeader() {
      PromotionStatus status = STATUSES[readByte()];
      ProjectId project = (ProjectId) readName(ProjectId::of);
      EnvironmentName target = (EnvironmentName) readName(EnvironmentName::of);
      return new Header(status, project, target, (UserId) readName(UserId::of));
    }

    long readVarLong() {
      long value = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = in[at++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
    }

    Object readName(java.util.function.Function<String, Object> written) {
      int number = (int) readVarLong();
      return number != 0 ? symbols.value(number) : written.apply(readString());
    }

    String readText() {
      int number = (int) readVarLong();
      return number != 0 ? (String) symbols.value(number) : readString();
    }

    String readString() {
      long header = readVarLong();
      int length = (int) (header >>> 1);
      if ((header & 1) != 0) {
        String s = new String(in, at, length, StandardCharsets.ISO_8859_1);
        at += length;
        return s;
      }
      char[] chars = new char[length];
      for (int i = 0; i < length; i++) {
        chars[i] = (char) ((in[at] & 0xff) << 8 | (in[at + 1] & 0xff));
        at += 2;
      }
      return new String(chars);
    }

    Instant readInstant() {
      long zigzag = readVarLong();
      long seconds = (zigzag >>> 1) ^ -(zigzag & 1);
      return Instant.ofEpochSecond(base + seconds, readVarLong());
    }

    Revision readRevision() {
      int kind = readByte();
      if (kind == NONE) {
        return null;
      }
      if (kind == OTHER_REVISION) {
        return new Revision(readString());
      }
      byte[] hex = new byte[40];
      for (int i = 0; i < 20; i++) {
        int b = in[at++] & 0xff;
        hex[2 * i] = (byte) Character.forDigit(b >>> 4, 16);
        hex[2 * i + 1] = (byte) Character.forDigit(b & 0xf, 16);
      }
      return new Revision(new String(hex, StandardCharsets.ISO_8859_1));
    }

    Release readRelease() {
      if (readByte() == 0) {
        return null;
      }
      ReleaseId id = ReleaseId.of(readString());
      Revision revision = readRevision();
      Instant createdAt = readInstant();
      DeployState state = DEPLOY_STATES[readByte()];
      String message = readText();
      Optional<Instant> deployedAt =
          readByte() == 1 ? Optional.of(readInstant()) : Optional.empty();
      Optional<UserId> deployedBy =
          readByte() == 1 ? Optional.of((UserId) readName(UserId::of)) : Optional.empty();
      return new Release(id, revision, createdAt, state, message, deployedAt, deployedBy);
    }

    @SuppressWarnings("unchecked")
    Set<PromotableProperty> readScope() {
      int number = (int) readVarLong();
      if (number != 0) {
        return (Set<PromotableProperty>) symbols.value(number);
      }
      long bits = readVarLong();
      Set<PromotableProperty> scope = EnumSet.noneOf(PromotableProperty.class);
      for (PromotableProperty property : PROPERTIES) {
        if ((bits & (1L << property.ordinal())) != 0) {
          scope.add(property);
        }
      }
      return Set.copyOf(scope);
    }

    @SuppressWarnings("unchecked")
    List<PromotionRule> readRules() {
      int number = (int) readVarLong();
      if (number != 0) {
        return (List<PromotionRule>) symbols.value(number);
      }
      int count = (int) readVarLong();
      List<PromotionRule> rules = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String files = readString();
        List<String> jsonPaths = readStrings();
        rules.add(new PromotionRule(files, jsonPaths, readStrings()));
      }
      return List.copyOf(rules);
    }

    List<String> readStrings() {
      String[] strings = new String[(int) readVarLong()];
      for (int i = 0; i < strings.length; i++) {
        strings[i] = readString();
      }
      return List.of(strings);
    }
  }
}
