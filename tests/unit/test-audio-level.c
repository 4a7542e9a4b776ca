/* src/audio/level.c: the tone and the level measured on it. */
#include "unit.h"

#include <math.h>

#include "audio/level.h"

static void test_tone_levels(void **state)
{
    (void)state;
    enum { RATE = 48000 };
    static int16_t x[RATE];
    for (int db = -60; db <= -1; db += 7) {
        audio_tone_s16(x, RATE, RATE, 440, db, 0);
        struct audio_level l;
        audio_level_measure(x, RATE, RATE, &l);
        /* within 0.1 dB: at -60 dBFS a peak of 32.8 is stored as 33 */
        assert_true(fabs(l.peak_dbfs - db) < 0.1);
        /* a sine's RMS is its peak / sqrt(2): 3.01 dB lower */
        assert_true(fabs(l.rms_dbfs - (db - 3.0103)) < 0.1);
        assert_false(l.silent);
        assert_int_equal(l.clipped, 0);
        /* above the onset level, half a second is measured; below, all of it */
        assert_int_equal(l.window_ms, db >= -40 ? AUDIO_WINDOW_MS : 1000);
    }
}

/* The window starts at the first loud sample: leading silence (the path's
 * latency) does not lower the level. */
static void test_onset_and_silence(void **state)
{
    (void)state;
    enum { RATE = 16000 };
    static int16_t x[RATE * 2];
    memset(x, 0, sizeof(x));
    struct audio_level l;
    audio_level_measure(x, RATE * 2, RATE, &l);
    assert_true(l.silent);
    assert_false(l.onset_found);
    assert_true(l.peak_dbfs == AUDIO_DBFS_FLOOR);
    audio_tone_s16(x + RATE / 4, RATE, RATE, 1000, -20, 0); /* starts at 250 ms */
    audio_level_measure(x, RATE * 2, RATE, &l);
    assert_true(l.onset_found);
    assert_true(l.onset_ms >= 250 && l.onset_ms <= 251);
    assert_true(fabs(l.rms_dbfs + 23.01) < 0.1);
    /* quiet noise below the onset level: measured over the whole recording */
    for (int i = 0; i < RATE; i++)
        x[i] = (int16_t)((i * 7919) % 41 - 20);
    audio_level_measure(x, RATE, RATE, &l);
    assert_false(l.onset_found);
    assert_false(l.silent);
    assert_int_equal(l.window_ms, 1000);
    assert_true(l.peak_dbfs > -65 && l.peak_dbfs < -60);
    /* clipping counted; a one-step dither is still silence */
    x[0] = 32767;
    x[1] = -32768;
    audio_level_measure(x, 2, RATE, &l);
    assert_int_equal(l.clipped, 2);
    int16_t d[4] = {1, -1, 0, 1};
    audio_level_measure(d, 4, RATE, &l);
    assert_true(l.silent);
    audio_level_measure(NULL, 0, RATE, &l);
    assert_true(l.silent && l.samples == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tone_levels),
        cmocka_unit_test(test_onset_and_silence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
