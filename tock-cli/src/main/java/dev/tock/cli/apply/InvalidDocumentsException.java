package dev.tock.cli.apply;

import dev.tock.cli.client.ClientException;
import dev.tock.cli.client.ExitCode;
import java.util.List;

/** Documents that cannot be applied; when any is invalid, nothing is applied. Each problem names file, document and field. */
final class InvalidDocumentsException extends ClientException {

    InvalidDocumentsException(List<String> problems) {
        super(String.join("\nerror: ", problems) + "\nerror: nothing was applied (" + problems.size()
                + (problems.size() == 1 ? " problem)" : " problems)"), null);
    }

    @Override
    public int exitCode() {
        return ExitCode.REFUSED;
    }
}
