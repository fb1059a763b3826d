package org.envelopejca.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that works on the KMS KeyStore's keys: opens the session, runs, closes it. */
abstract class KmsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KmsOptions kms;

    @Option(names = "--json", order = 50, description = "Print JSON instead of text lines.")
    boolean json;

    @Override
    public final Integer call() throws Exception {
        EnvelopeCli cli = (EnvelopeCli) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        check();
        try (KmsSession session = KmsSession.open(kms, cli.env(), err)) {
            run(session, out);
        }
        out.flush();
        return EnvelopeCli.OK;
    }

    /** Checks the arguments before the KMS is opened (and, for a new store, created). */
    void check() throws UsageException {
    }

    abstract void run(KmsSession session, PrintWriter out) throws Exception;

    String name() {
        return spec.qualifiedName();
    }
}
