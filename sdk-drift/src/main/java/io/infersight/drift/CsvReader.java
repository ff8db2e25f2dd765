package io.infersight.drift;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Streams a CSV file row by row through Jackson's CSV parser: a header row, then data rows of the
 * same width. RFC 4180 quoting (quoted cells may hold commas, doubled quotes and line breaks);
 * blank lines are skipped; unquoted cells are trimmed; a UTF-8 byte order mark is ignored. Only
 * the current row is held in memory. Every problem is a {@link DriftInputException} naming the
 * source and, where there is one, the line.
 */
final class CsvReader {
  private static final CsvFactory FACTORY = CsvFactory.builder()
      .enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .enable(CsvParser.Feature.TRIM_SPACES)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
      .build();
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** Receives the header, then every data row with the line it starts on. */
  interface RowVisitor {
    void header(String[] names);

    void row(String[] cells, long line);
  }

  private CsvReader() {}

  /** Streams a file; {@code source} in messages is the path as given. */
  static long read(Path path, RowVisitor visitor) {
    String source = path.toString();
    if (Files.isDirectory(path)) {
      throw new DriftInputException(source + ": is a directory, not a file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return read(FACTORY.createParser(in), source, visitor);
    } catch (NoSuchFileException e) {
      throw new DriftInputException(source + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new DriftInputException(source + ": cannot read (permission denied)", e);
    } catch (IOException e) {
      throw new DriftInputException(source + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** Streams CSV text from a reader. */
  static long read(Reader reader, String source, RowVisitor visitor) {
    try (Reader r = reader) {
      return read(FACTORY.createParser(r), source, visitor);
    } catch (IOException e) {
      throw new DriftInputException(source + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** Returns the number of data rows. */
  private static long read(JsonParser parser, String source, RowVisitor visitor) throws IOException {
    // The line a row starts on: its first cell's, or, before that is read, where the last row ended.
    long line = -1;
    long next = 1;
    List<String> cells = new ArrayList<>();
    try (JsonParser p = parser) {
      String[] header = null;
      long rows = 0;
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_ARRAY) {
        throw empty(source);
      }
      while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
        cells.clear();
        line = -1;
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
          if (line < 0) {
            line = p.currentTokenLocation().getLineNr();
          }
          cells.add(p.getText());
        }
        if (t != JsonToken.END_ARRAY) {
          throw new DriftInputException(source + ": unexpected CSV token " + t);
        }
        next = p.currentLocation().getLineNr();
        if (header == null) {
          header = cells.toArray(new String[0]);
          checkHeader(header, source, line);
          visitor.header(header.clone());
        } else {
          if (cells.size() != header.length) {
            throw new DriftInputException(source + " line " + line + ": " + cells.size()
                + " cells, but the header has " + header.length + " columns");
          }
          rows++;
          visitor.row(cells.toArray(new String[0]), line);
        }
      }
      if (header == null) {
        throw empty(source);
      }
      if (rows == 0) {
        throw new DriftInputException(source + ": no data rows after the header");
      }
      return rows;
    } catch (JsonParseException e) {
      String problem = e.getOriginalMessage().startsWith("Missing closing quote")
          ? "a quoted cell is not closed" : e.getOriginalMessage();
      throw new DriftInputException(source + " line " + (cells.isEmpty() ? next : line) + ": " + problem, e);
    } catch (CharConversionException e) {
      throw new DriftInputException(source + ": not UTF-8 text", e);
    }
  }

  private static DriftInputException empty(String source) {
    return new DriftInputException(source + ": the file is empty (a header row is required)");
  }

  private static void checkHeader(String[] header, String source, long line) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].isEmpty()) {
        throw new DriftInputException(source + " line " + line + ": column " + (i + 1) + " has no name");
      }
      for (int j = 0; j < i; j++) {
        if (header[j].equals(header[i])) {
          throw new DriftInputException(source + " line " + line + ": duplicate column '" + header[i] + "'");
        }
      }
    }
  }

  /** Whether a cell is missing: empty or {@code NaN} (any case). */
  static boolean isMissing(String cell) {
    return cell.isEmpty() || cell.toLowerCase(Locale.ROOT).equals("nan");
  }

  /** Whether a present cell is a decimal number (digits, optional sign, point and exponent). */
  static boolean isNumber(String cell) {
    return NUMBER.matcher(cell).matches();
  }

  /**
   * The value of a number cell. A number beyond the range of a double (such as {@code 1e400})
   * is bad input: it would become an infinity that no statistic can use.
   */
  static double parse(String cell, String source, long line, String column) {
    double v = Double.parseDouble(cell);
    if (Double.isInfinite(v)) {
      throw outOfRange(cell, source, line, column);
    }
    return v;
  }

  static DriftInputException outOfRange(String cell, String source, long line, String column) {
    return new DriftInputException(source + " line " + line + ", column '" + column + "': " + cell
        + " is beyond the range of a double (about ±1.8e308)");
  }
}
