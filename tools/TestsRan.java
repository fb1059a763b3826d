import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The build's check that every test class ran: each class under {@code src/test/java} that declares a JUnit or jqwik
 * test must have a Surefire report in {@code target/surefire-reports}, so that a class whose name Surefire's includes
 * do not match (a jqwik {@code *Properties} class once went unrun that way) fails the build instead of passing
 * silently. It also writes the module's counts to {@code target/tests-ran.txt}, which {@code .ci/run} prints.
 *
 * <p>Run by the parent pom in the {@code verify} phase of every module, as a single-file program:
 * {@code java tools/TestsRan.java MODULE TEST_SOURCES REPORTS SUMMARY}. Skipped when the run selects tests
 * ({@code -Dtest=...}) or skips them.
 */
public final class TestsRan {
    // A method annotation that makes a class a test class for the JUnit Platform engines this project uses.
    private static final Pattern TEST_ANNOTATION = Pattern.compile(
            "^\\s*@(Test|Property|Example|TestFactory|ParameterizedTest|RepeatedTest|TestTemplate)\\b",
            Pattern.MULTILINE);
    private static final Pattern ABSTRACT_CLASS = Pattern.compile("^\\s*(public\\s+)?abstract\\s+class\\s",
            Pattern.MULTILINE);

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java TestsRan.java MODULE TEST_SOURCES REPORTS SUMMARY");
            System.exit(2);
        }
        String module = args[0];
        Path sources = Path.of(args[1]);
        Path reports = Path.of(args[2]);
        Path summary = Path.of(args[3]);

        if (!Files.isDirectory(sources)) {
            return; // a module without tests (the parent pom itself)
        }
        TreeSet<String> declared = testClasses(sources);
        List<Path> reportFiles = reportFiles(reports);
        long tests = 0, failures = 0, errors = 0, skipped = 0;
        TreeSet<String> reported = new TreeSet<>();
        for (Path report : reportFiles) {
            Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(report.toFile()).getDocumentElement();
            // Counted from the test cases themselves: the suite's own "tests" attribute is sometimes short.
            NodeList cases = suite.getElementsByTagName("testcase");
            tests += cases.getLength();
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                failures += c.getElementsByTagName("failure").getLength() > 0 ? 1 : 0;
                errors += c.getElementsByTagName("error").getLength() > 0 ? 1 : 0;
                skipped += c.getElementsByTagName("skipped").getLength() > 0 ? 1 : 0;
            }
            String name = report.getFileName().toString();
            reported.add(name.substring("TEST-".length(), name.length() - ".xml".length()));
        }
        List<String> missing = new ArrayList<>();
        for (String className : declared) {
            boolean ran = reported.stream().anyMatch(r -> r.equals(className) || r.startsWith(className + "$"));
            if (!ran) {
                missing.add(className);
            }
        }
        String line = String.format("%s: %d tests (%d failures, %d errors, %d skipped) in %d report files, "
                + "%d test classes declared", module, tests, failures, errors, skipped, reportFiles.size(),
                declared.size());
        Files.createDirectories(summary.toAbsolutePath().getParent());
        Files.writeString(summary, line + System.lineSeparator());
        System.out.println("TESTS-RAN " + line);
        if (!missing.isEmpty()) {
            System.err.println("TESTS-RAN " + module + ": these test classes did not run (is the class name matched "
                    + "by Surefire's includes in the parent pom: *Test, *Tests, *Properties?):");
            missing.forEach(c -> System.err.println("  " + c));
            System.exit(1);
        }
    }

    private static TreeSet<String> testClasses(Path sources) throws IOException {
        TreeSet<String> classes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                String text = read(p);
                if (TEST_ANNOTATION.matcher(text).find() && !ABSTRACT_CLASS.matcher(text).find()) {
                    String relative = sources.relativize(p).toString();
                    classes.add(relative.substring(0, relative.length() - ".java".length())
                            .replace(p.getFileSystem().getSeparator(), "."));
                }
            });
        }
        return classes;
    }

    private static List<Path> reportFiles(Path reports) throws IOException {
        if (!Files.isDirectory(reports)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("TEST-") && name.endsWith(".xml");
            }).sorted().toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
