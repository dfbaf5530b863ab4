package io.aiecs.governor.agent.cli;

import io.aiecs.governor.agent.jmx.GovernorMBeans;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/** Reads the governor's MBeans from a JVM and renders them as a table, one row per agent. */
final class StatusTable {
  private static final String[] ATTRIBUTES = {"AgentId", "Available", "Reason", "ActiveTasks", "MaxConcurrentTasks",
      "WaitingTasks", "TokensLeftPerMinute", "TokensLeftPerHour", "AdmittedCalls", "WaitedCalls", "RejectedCalls",
      "TotalTokens"};
  private static final String[] HEADER = {"AGENT", "AVAILABLE", "TASKS", "WAITING", "TOKENS LEFT/MIN",
      "TOKENS LEFT/H", "ADMITTED", "WAITED", "REJECTED", "TOKENS", "REASON"};

  record AgentRow(String agent, boolean available, String reason, int active, int max, int waiting,
                  long leftPerMinute, long leftPerHour, long admitted, long waited, long rejected, long tokens) {
    String[] cells() {
      return new String[] {agent, available ? "yes" : "no", active + "/" + (max < 0 ? "unlimited" : max),
          Integer.toString(waiting), limit(leftPerMinute), limit(leftPerHour), Long.toString(admitted),
          Long.toString(waited), Long.toString(rejected), Long.toString(tokens), reason};
    }
  }

  private StatusTable() {}

  static List<AgentRow> read(MBeanServerConnection mbs) throws JMException, java.io.IOException {
    List<AgentRow> rows = new ArrayList<>();
    Set<ObjectName> agents = new TreeSet<>(mbs.queryNames(new ObjectName(GovernorMBeans.DOMAIN + ":type=Agent,*"), null));
    for (ObjectName name : agents) {
      rows.add(row(mbs, name, null));
    }
    for (ObjectName name : mbs.queryNames(GovernorMBeans.processName(), null)) {
      rows.add(row(mbs, name, "(global)"));
    }
    return rows;
  }

  private static AgentRow row(MBeanServerConnection mbs, ObjectName name, String label) throws JMException,
      java.io.IOException {
    AttributeList list = mbs.getAttributes(name, ATTRIBUTES);
    Object[] v = list.asList().stream().map(javax.management.Attribute::getValue).toArray();
    return new AgentRow(label != null ? label : (String) v[0], (Boolean) v[1], (String) v[2], (Integer) v[3],
        (Integer) v[4], (Integer) v[5], (Long) v[6], (Long) v[7], (Long) v[8], (Long) v[9], (Long) v[10],
        (Long) v[11]);
  }

  static String render(List<AgentRow> rows) {
    List<String[]> lines = new ArrayList<>();
    lines.add(HEADER);
    rows.forEach(r -> lines.add(r.cells()));
    int[] width = new int[HEADER.length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        sb.append(i == line.length - 1 ? line[i] : pad(line[i], width[i] + 2));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static String limit(long v) {
    return v == -1 ? "unlimited" : Long.toString(v);
  }
}
