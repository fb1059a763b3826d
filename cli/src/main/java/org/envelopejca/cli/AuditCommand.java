package org.envelopejca.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The embedded KMS's audit log, and its delivery to S3.",
        subcommands = {AuditVerifyCommand.class, AuditStatusCommand.class})
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EnvelopeCli.USAGE;
    }
}
