package io.warren.coordinator.storage;

import io.warren.coordinator.domain.EndClaims;
import io.warren.coordinator.domain.JobEnd;
import io.warren.protocol.JobState;
import io.warren.storage.ObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Each term's word on a job's end, on a storage root: the newest older term's word decides a takeover. */
abstract class EndClaimsContract {
    private static final JobEnd CANCELLED = new JobEnd(JobState.CANCELLED, "by alice", null);
    private static final JobEnd FAILED = new JobEnd(JobState.FAILED, "map-3 failed 4 times", "at Mapper.map\n\tat ...");

    private ObjectStore work;
    private EndClaims ends;

    /** A fresh, empty work area. */
    protected abstract ObjectStore newWork() throws Exception;

    @BeforeEach
    void emptyWorkArea() throws Exception {
        work = newWork();
        ends = new StoredEndClaims(work);
    }

    @Test
    void aJobNoTermEndedIsRunOnAndTheTakeOverSaysSo() throws Exception {
        assertThat(ends.takeOver("j", 4)).isEmpty();
        assertThat(work.exists("ends/j/4")).as("term 4's word that it went on").isTrue();
        assertThat(ends.takeOver("j", 5)).isEmpty();
    }

    @Test
    void theEndOfTheNewestOlderTermIsAdoptedWithItsReasonAndDetail() {
        ends.claim("j", 2, CANCELLED);
        ends.claim("j", 3, FAILED);
        assertThat(ends.takeOver("j", 5)).contains(FAILED);
    }

    @Test
    void aTermThatWentOnWithTheJobVoidsTheEndOfAnOlderOne() {
        ends.claim("j", 2, CANCELLED);
        assertThat(ends.takeOver("j", 3)).contains(CANCELLED);
        ends.claim("j", 3, JobEnd.CONTINUED); // as if term 3 had not found it: it went on
        assertThat(ends.takeOver("j", 4)).isEmpty();
    }

    @Test
    void wordsOfThisTermAndOfNewerTermsAreNotAnOlderTermsEnd() {
        ends.claim("j", 7, CANCELLED);
        ends.claim("j", 9, FAILED);
        assertThat(ends.takeOver("j", 7)).isEmpty();
    }

    @Test
    void aTermReplacesItsOwnWordWhenItsCommitTurnsIntoAFailure() {
        ends.claim("j", 2, new JobEnd(JobState.SUCCEEDED, null, null));
        ends.claim("j", 2, FAILED);
        assertThat(ends.takeOver("j", 3)).contains(FAILED);
    }

    @Test
    void jobsAreApartAndForgettingOneLeavesTheOthers() throws Exception {
        ends.claim("j", 1, CANCELLED);
        ends.claim("j-2", 1, FAILED);
        ends.claim("jo", 1, FAILED);
        ends.forget("j");
        assertThat(work.list("ends/j/")).isEmpty();
        assertThat(ends.takeOver("j-2", 2)).contains(FAILED);
        assertThat(ends.takeOver("jo", 2)).contains(FAILED);
    }

    @Test
    void namesThatAreNoEpochAreLeftAlone() throws Exception {
        work.write("ends/j/notes", "not ours".getBytes(StandardCharsets.UTF_8));
        ends.claim("j", 1, CANCELLED);
        assertThat(ends.takeOver("j", 2)).contains(CANCELLED);
    }
}
