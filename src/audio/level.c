#include "audio/level.h"

#include <math.h>
#include <string.h>

double audio_dbfs(double amplitude)
{
    if (amplitude <= 0)
        return AUDIO_DBFS_FLOOR;
    double db = 20.0 * log10(amplitude / 32768.0);
    return db < AUDIO_DBFS_FLOOR ? AUDIO_DBFS_FLOOR : db;
}

void audio_tone_s16(int16_t *buf, size_t n, unsigned rate, double freq, double peak_dbfs,
                    uint64_t first)
{
    double amp = 32768.0 * pow(10.0, peak_dbfs / 20.0);
    if (amp > 32767.0)
        amp = 32767.0;
    for (size_t i = 0; i < n; i++) {
        double t = (double)(first + i) / (double)rate;
        buf[i] = (int16_t)lround(amp * sin(2.0 * M_PI * freq * t));
    }
}

void audio_level_measure(const int16_t *x, size_t n, unsigned rate, struct audio_level *ret)
{
    memset(ret, 0, sizeof(*ret));
    ret->samples = n;
    ret->silent = true;
    size_t onset = n;
    for (size_t i = 0; i < n; i++) {
        int v = x[i];
        if (v == 32767 || v == -32768)
            ret->clipped++;
        if (v > 1 || v < -1)
            ret->silent = false;
        if (onset == n && (v >= AUDIO_ONSET_LEVEL || v <= -AUDIO_ONSET_LEVEL))
            onset = i;
    }
    size_t from = onset < n ? onset : 0;
    size_t len = n - from;
    size_t window = rate ? (size_t)rate * AUDIO_WINDOW_MS / 1000 : len;
    if (onset < n && len > window)
        len = window;
    ret->onset_found = onset < n;
    ret->onset_ms = rate && onset < n ? (uint32_t)((uint64_t)onset * 1000 / rate) : 0;
    ret->window_ms = rate ? (uint32_t)((uint64_t)len * 1000 / rate) : 0;
    double peak = 0, sum = 0;
    for (size_t i = from; i < from + len; i++) {
        double v = fabs((double)x[i]);
        if (v > peak)
            peak = v;
        sum += v * v;
    }
    ret->peak_dbfs = audio_dbfs(peak);
    ret->rms_dbfs = len ? audio_dbfs(sqrt(sum / (double)len)) : AUDIO_DBFS_FLOOR;
}
