package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets a restart keeps: read back as written, owner-only, and every bad file said and replaced. */
class ClassroomSecretsTest {
    @TempDir
    Path models;

    private Path file() {
        return models.resolve(ClassroomSecrets.FILE);
    }

    @Test
    void keptSecretsComeBackAndNewTokenMakesNewOnes() throws Exception {
        ClassroomSecrets.Kept first = ClassroomSecrets.read(models, false);
        assertEquals("new", first.note());
        first.secrets().withRandomPin("482913").keep(models, first.note());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));

        ClassroomSecrets.Kept again = ClassroomSecrets.read(models, false);
        assertTrue(again.note().startsWith("kept from the last start"), again.note());
        assertEquals(first.secrets().token(), again.secrets().token());
        assertEquals(first.secrets().joinSecret(), again.secrets().joinSecret());
        assertEquals("482913", again.secrets().randomPin());

        ClassroomSecrets.Kept renewed = ClassroomSecrets.read(models, true);
        assertTrue(renewed.note().startsWith("new (--new-token)"), renewed.note());
        assertNotEquals(first.secrets().token(), renewed.secrets().token());
        assertNotEquals(first.secrets().joinSecret(), renewed.secrets().joinSecret());
        assertEquals(null, renewed.secrets().randomPin());
        assertEquals("ClassroomSecrets[hidden]", renewed.secrets().toString(), "never in a log");
    }

    @Test
    void aDamagedFileIsSaidAndReplaced() throws Exception {
        for (String damaged : new String[] {"{\"presenterToken\": \"abc\"", "{}", "{\"presenterToken\": \"short\", \"joinSecret\": \"x\"}", ""}) {
            Files.writeString(file(), damaged);
            ClassroomSecrets.Kept read = ClassroomSecrets.read(models, false);
            assertTrue(read.note().startsWith("new: models/.classroom.json could not be read"), damaged + ": " + read.note());
            read.secrets().keep(models, read.note());
            assertTrue(ClassroomSecrets.read(models, false).note().startsWith("kept"), "rewritten whole after: " + damaged);
        }
    }

    @Test
    void aFileOthersCouldReadIsMadeOwnerOnlyAndSaidSo() throws Exception {
        ClassroomSecrets.read(models, false).secrets().keep(models, "new");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
        ClassroomSecrets.Kept read = ClassroomSecrets.read(models, false);
        assertTrue(read.note().contains("was readable by others: now owner-only"), read.note());
        read.secrets().keep(models, read.note());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void secretsThatCannotBeWrittenAreKeptForThisStartOnly() throws Exception {
        Files.createDirectories(file().resolve("in-the-way")); // a folder where the file should be: no write lands
        ClassroomSecrets.Kept read = ClassroomSecrets.read(models, false);
        assertTrue(read.note().startsWith("new: models/.classroom.json could not be read"), read.note());
        ClassroomSecrets.Kept kept = read.secrets().keep(models, read.note());
        assertTrue(kept.note().startsWith("for this start only: models/.classroom.json cannot be written"), kept.note());
        assertEquals(read.secrets(), kept.secrets(), "this start goes on with them");
    }
}
