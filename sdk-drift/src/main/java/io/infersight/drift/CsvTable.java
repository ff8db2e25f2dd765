package io.infersight.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed CSV file: a header row and data rows of the same width. Supports RFC 4180 quoting
 * (quoted cells may hold commas, doubled quotes and line breaks); blank lines are skipped.
 */
final class CsvTable {
  final String[] header;
  final List<String[]> rows;

  private CsvTable(String[] header, List<String[]> rows) {
    this.header = header;
    this.rows = rows;
  }

  static CsvTable parse(String text, String source) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw new DriftInputException(source + ": the file is empty (a header row is required)");
    }
    List<String[]> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    int line = 1;
    int recordLine = 1;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < n && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append(c);
        }
      } else if (c == '"') {
        if (cell.toString().isBlank()) {
          cell.setLength(0);
          quoted = true;
          wasQuoted = true;
        } else {
          throw new DriftInputException(source + " line " + line + ": a quote inside an unquoted cell");
        }
      } else if (c == ',') {
        cells.add(finish(cell, wasQuoted));
        wasQuoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        endRecord(records, lines, cells, cell, wasQuoted, recordLine);
        wasQuoted = false;
        line++;
        recordLine = line;
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new DriftInputException(source + " line " + recordLine + ": a quoted cell is not closed");
    }
    endRecord(records, lines, cells, cell, wasQuoted, recordLine);
    if (records.isEmpty()) {
      throw new DriftInputException(source + ": the file is empty (a header row is required)");
    }
    String[] header = records.get(0);
    for (int i = 0; i < header.length; i++) {
      if (header[i].isEmpty()) {
        throw new DriftInputException(source + " line " + lines.get(0) + ": column " + (i + 1) + " has no name");
      }
      for (int j = 0; j < i; j++) {
        if (header[j].equals(header[i])) {
          throw new DriftInputException(source + " line " + lines.get(0) + ": duplicate column '" + header[i] + "'");
        }
      }
    }
    if (records.size() == 1) {
      throw new DriftInputException(source + ": no data rows after the header");
    }
    List<String[]> rows = records.subList(1, records.size());
    for (int r = 0; r < rows.size(); r++) {
      if (rows.get(r).length != header.length) {
        throw new DriftInputException(source + " line " + lines.get(r + 1) + ": " + rows.get(r).length
            + " cells, but the header has " + header.length + " columns");
      }
    }
    return new CsvTable(header, rows);
  }

  private static String finish(StringBuilder cell, boolean wasQuoted) {
    String s = wasQuoted ? cell.toString() : cell.toString().trim();
    cell.setLength(0);
    return s;
  }

  private static void endRecord(List<String[]> records, List<Integer> lines, List<String> cells,
      StringBuilder cell, boolean wasQuoted, int line) {
    if (cells.isEmpty() && !wasQuoted && cell.toString().isBlank()) {
      cell.setLength(0);
      return; // blank line
    }
    cells.add(finish(cell, wasQuoted));
    records.add(cells.toArray(new String[0]));
    lines.add(line);
    cells.clear();
  }
}
