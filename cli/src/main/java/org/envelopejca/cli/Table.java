package org.envelopejca.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Text columns padded to their widest cell; the last column is not padded. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
        rows.add(headers);
    }

    void add(String... cells) {
        rows.add(cells);
    }

    void print(PrintWriter out) {
        print(out, 0);
    }

    /** Label-value lines: the first row only sets the column count. */
    void printWithoutHeader(PrintWriter out) {
        print(out, 1);
    }

    private void print(PrintWriter out, int firstRow) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows.subList(firstRow, rows.size())) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows.subList(firstRow, rows.size())) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + width[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
