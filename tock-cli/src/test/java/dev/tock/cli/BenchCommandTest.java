package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code tock bench} as a command: it runs tock-bench's measurements and maps their failures to exit codes.
 * The measurements themselves are tested in tock-bench ({@code TockBenchTest}).
 */
class BenchCommandTest {

    private record Run(int exit, String out, String err) { }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = TockCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void measuresTheEmbeddedStoreAndPrintsTheTableAndOneJsonLinePerThreadCount() {
        Run run = run("bench", "--jobs", "100", "--threads", "2", "--delayed", "5", "--enqueue-jobs", "50", "--http-jobs", "0");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("tock bench on h2 store").contains("late p99");
        assertThat(run.out().lines().filter(l -> l.startsWith("{\"store\":\"h2\",\"completion_commit\":\"durable\",\"threads\":2,"
                + "\"jobs\":100,"))).hasSize(1);
    }

    @Test
    void badOptionsExitNonZeroWithAClearMessage() {
        Run zero = run("bench", "--jobs", "0");
        assertThat(zero.exit()).isEqualTo(ErrorReporter.USER_ERROR);
        assertThat(zero.err()).contains("--jobs");

        Run notANumber = run("bench", "--threads", "many");
        assertThat(notANumber.exit()).isNotZero();
        assertThat(notANumber.err()).contains("--threads");

        Run mysql = run("bench", "--db", "jdbc:mysql://127.0.0.1/x");
        assertThat(mysql.exit()).isEqualTo(ErrorReporter.USER_ERROR);
        assertThat(mysql.err()).contains("PostgreSQL");

        Run badSetting = run("bench", "--jobs", "200", "--threads", "2", "--http-jobs", "0", "--set", "lease-batch-size=0");
        assertThat(badSetting.exit()).isEqualTo(ErrorReporter.USER_ERROR);
        assertThat(badSetting.err()).contains("lease-batch-size");
        assertThat(badSetting.out()).doesNotContain("enqueue, one job per call");
    }
}
