package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

  private static Dataset parse(String csv, String... categorical) {
    return Dataset.parseCsv(csv, "data.csv", List.of(categorical));
  }

  @Test
  void readsNumericColumnsWithEmptyCellsAndNaNAsMissing() {
    Dataset d = parse("a,b\n1,2.5\n,NaN\n-3e2,nan\n");
    assertThat(d.rowCount()).isEqualTo(3);
    assertThat(d.numeric("a")).containsExactly(1, Double.NaN, -300);
    assertThat(d.missing("b")).isEqualTo(2);
    assertThat(d.isCategorical("a")).isFalse();
  }

  @Test
  void treatsAColumnWithAnyOtherTextAsCategorical() {
    Dataset d = parse("a,b\n1,x\n2,3\n,inf\n");
    assertThat(d.isCategorical("b")).isTrue();
    assertThat(d.categorical("b")).containsExactly("x", "3", "inf");
    assertThat(d.categorical("a")).containsExactly("1", "2", null);
    assertThatThrownBy(() -> d.numeric("b")).hasMessageContaining("column 'b' is categorical");
  }

  @Test
  void treatsNamedColumnsAsCategoricalWhateverTheyHold() {
    assertThat(parse("zip,v\n10115,1\n", "zip").isCategorical("zip")).isTrue();
    assertThatThrownBy(() -> parse("zip,v\n10115,1\n", "zap"))
        .hasMessage("data.csv: categorical column(s) [zap] not in the header [zip, v]");
  }

  @Test
  void handlesQuotesCrlfBomAndBlankLines() {
    Dataset d = parse("\uFEFFname,v\r\n\"Smith, J\",1\r\n\r\n\"say \"\"hi\"\"\",2\r\n\"two\nlines\",3\n");
    assertThat(d.categorical("name")).containsExactly("Smith, J", "say \"hi\"", "two\nlines");
    assertThat(d.numeric("v")).containsExactly(1, 2, 3);
  }

  @Test
  void refusesAnEmptyFile() {
    assertThatThrownBy(() -> parse("")).isInstanceOf(DriftInputException.class)
        .hasMessage("data.csv: the file is empty (a header row is required)");
    assertThatThrownBy(() -> parse("\n\n")).hasMessageContaining("the file is empty");
  }

  @Test
  void refusesAHeaderWithoutRows() {
    assertThatThrownBy(() -> parse("a,b\n")).hasMessage("data.csv: no data rows after the header");
  }

  @Test
  void refusesARaggedRowNamingItsLine() {
    assertThatThrownBy(() -> parse("a,b\n1,2\n\n3\n"))
        .hasMessage("data.csv line 4: 1 cells, but the header has 2 columns");
  }

  @Test
  void refusesDuplicateAndUnnamedColumns() {
    assertThatThrownBy(() -> parse("a,a\n1,2\n")).hasMessageContaining("duplicate column 'a'");
    assertThatThrownBy(() -> parse("a,\n1,2\n")).hasMessageContaining("column 2 has no name");
  }

  @Test
  void refusesAnUnclosedQuote() {
    assertThatThrownBy(() -> parse("a\n\"open\n")).hasMessageContaining("line 2: a quoted cell is not closed");
  }

  @Test
  void buildsInCodeWithColumnsOfEqualLength() {
    Dataset d = Dataset.builder("mem").numeric("x", new double[] {1, Double.NaN}).categorical("c", new String[] {"a", null}).build();
    assertThat(d.columnNames()).containsExactly("x", "c");
    assertThat(d.missing("x")).isEqualTo(1);
    assertThatThrownBy(() -> Dataset.builder("mem").numeric("x", new double[] {1}).numeric("y", new double[] {1, 2}))
        .hasMessageContaining("column 'y' has 2 values, the others have 1");
  }

  @Test
  void columnsAddedToTheBuilderAfterBuildDoNotReachTheDataset() {
    Dataset.Builder b = Dataset.builder("mem").numeric("x", new double[] {1, 2});
    Dataset d = b.build();
    b.numeric("y", new double[] {3, 4}).categorical("c", new String[] {"a", "b"});
    assertThat(d.columnNames()).containsExactly("x");
    assertThat(d.hasColumn("y")).isFalse();
  }
}
