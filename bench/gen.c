/* gen — Sparkify-shaped data at any scale, the same for the same seed.
 *
 *   bench/gen --songs N --events M [--days D] [--seed S] -o DIR
 *
 * writes DIR/song_data/ (one object per file, some pretty-printed, or
 * NDJSON files of 1,000 songs each past 20,000 songs) and DIR/log_data/
 * (one NDJSON file per day from 2018-11-01, no final newline), so that
 * `make load SRC=DIR` takes it as it is.  The real data's shapes and quirks
 * are there: numeric artist names, \u escapes and surrogate pairs, year 0,
 * empty locations, null song fields off NextSong, logged-out events with an
 * empty userId, quoted and escaped user agents, float registrations, users
 * who upgrade to paid (and some who downgrade).  Song popularity is skewed;
 * about 70% of plays name a catalogue song exactly. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng_state;

static uint64_t next(void) /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n) { return n ? next() % n : 0; }
static double unit(void) { return (double)(next() >> 11) / 9007199254740992.0; }

static const char *const words[] = {
	"Love", "Night", "Rain", "Fire", "Heart", "City", "Dream", "River", "Blue", "Gold",
	"Shadow", "Light", "Road", "Summer", "Ghost", "Wild", "Silver", "Echo", "Stone", "Sky",
	"Caf\\u00e9", "Se\\u00f1or", "M\\u00fcnchen", "\\ud83c\\udfb8 Riff", "O'Malley", "Rock & Roll",
};
static const char *const places[] = {
	"San Francisco, CA", "Memphis, TN", "London, England", "Reykjav\\u00edk", "Austin, TX",
	"Berlin, Germany", "Chicago, IL", "Paris, France", "",
};
static const char *const agents[] = {
	"\\\"Mozilla\\/5.0 (Windows NT 6.1; WOW64) AppleWebKit\\/537.36 (KHTML, like Gecko) Chrome\\/36.0.1985.143 Safari\\/537.36\\\"",
	"\\\"Mozilla\\/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit\\/537.77.4 (KHTML, like Gecko) Version\\/7.0.5 Safari\\/537.77.4\\\"",
	"Mozilla\\/5.0 (X11; Linux x86_64; rv:31.0) Gecko\\/20100101 Firefox\\/31.0",
	"\\\"Mozilla\\/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit\\/537.51.2\\\"",
	"Mozilla\\/5.0 \\\\ (X11;\\tUbuntu; Linux i686)",
};
static const char *const firsts[] = { "Kaylee", "Ryan", "Chlo\\u00eb", "Aiden", "Lily", "Jacob", "Sara", "Mohammad" };
static const char *const lasts[] = { "Summers", "Smith", "Cuevas", "Ramirez", "Koch", "Klein", "Johnson", "Rodriguez" };
static const char *const pages[] = { "Home", "Settings", "Help", "About", "Logout", "Downgrade", "Upgrade" };

#define N_(a) (sizeof a / sizeof a[0])

struct song { uint64_t id, artist; unsigned title_a, title_b, title_n; double duration; };
struct user { int id; int paid; int session; int item; int upgrades_at; int gender; };

static char *out_dir;

static void make_dirs(const char *path) /* mkdir -p of path's parent */
{
	char tmp[4096];

	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
				perror(tmp);
				exit(1);
			}
			*p = '/';
		}
}

static FILE *create(const char *path)
{
	FILE *f;

	make_dirs(path);
	if (!(f = fopen(path, "w"))) {
		perror(path);
		exit(1);
	}
	return f;
}

static const char *numeral(uint64_t n)
{
	static char buf[32];

	snprintf(buf, sizeof buf, " %llu", (unsigned long long)n);
	return buf;
}

static void artist_name(FILE *f, uint64_t a)
{
	if (a % 97 == 5) /* the band 112: a number where text is expected */
		fprintf(f, "%llu", (unsigned long long)(a % 1000));
	else
		fprintf(f, "\"%s %s%s\"", words[a % N_(words)], words[(a / 7) % N_(words)],
			a < 7 * N_(words) ? "" : numeral(a / (7 * N_(words))));
}

/* Two words, then a number past the few hundred pairs they make, so that a
 * large catalogue's (title, artist) pairs are as nearly unique as a real
 * catalogue's: the lookup's chains stay short, as they would be. */
static void title(FILE *f, const struct song *s)
{
	fprintf(f, "\"%s %s%s\"", words[s->title_a], words[s->title_b],
		s->title_n ? numeral(s->title_n) : "");
}

static void write_song(FILE *f, const struct song *s, int pretty)
{
	const char *nl = pretty ? "\n  " : "", *sep = pretty ? ": " : ":";
	uint64_t a = s->artist;
	int located = a % 5 < 3;

	fprintf(f, "{%s\"artist_id\"%s\"AR%016llX\",%s\"artist_latitude\"%s", nl, sep,
		(unsigned long long)a, nl, sep);
	if (located) fprintf(f, "%.5f", (double)(a % 18000) / 100 - 90); else fputs("null", f);
	fprintf(f, ",%s\"artist_location\"%s\"%s\",%s\"artist_longitude\"%s", nl, sep,
		located ? places[a % N_(places)] : "", nl, sep);
	if (located) fprintf(f, "%.5f", (double)(a % 36000) / 100 - 180); else fputs("null", f);
	fprintf(f, ",%s\"artist_name\"%s", nl, sep);
	artist_name(f, a);
	fprintf(f, ",%s\"duration\"%s%.5f,%s\"num_songs\"%s1,%s\"song_id\"%s\"SO%016llX\",%s\"title\"%s",
		nl, sep, s->duration, nl, sep, nl, sep, (unsigned long long)s->id, nl, sep);
	title(f, s);
	fprintf(f, ",%s\"year\"%s%d%s}\n", nl, sep,
		s->id % 10 == 0 ? 0 : 1950 + (int)(s->id % 70), pretty ? "\n" : "");
}

static void write_songs(struct song *songs, uint64_t n)
{
	char path[4096];
	FILE *f = NULL;

	for (uint64_t i = 0; i < n; i++) {
		uint64_t id = songs[i].id;
		if (n > 20000 && i % 1000 == 0) {
			if (f) fclose(f);
			snprintf(path, sizeof path, "%s/song_data/%c/%c/packed-%06llu.json", out_dir,
				 'A' + (int)(i / 1000 % 26), 'A' + (int)(i / 26000 % 26),
				 (unsigned long long)(i / 1000));
			f = create(path);
		} else if (n <= 20000) {
			snprintf(path, sizeof path, "%s/song_data/%c/%c/%c/TR%016llX.json", out_dir,
				 'A' + (int)(id % 26), 'A' + (int)(id / 26 % 26),
				 'A' + (int)(id / 676 % 26), (unsigned long long)id);
			f = create(path);
		}
		write_song(f, &songs[i], n <= 20000 && id % 13 == 0);
		if (n <= 20000)
			fclose(f), f = NULL;
	}
	if (f) fclose(f);
}

static void write_event(FILE *f, struct user *u, const struct song *s, long long ts, int next_song,
			int logged_out, const char *page, int first)
{
	if (!first)
		fputc('\n', f);
	fputs("{\"artist\":", f);
	if (next_song) artist_name(f, s->artist); else fputs("null", f);
	fprintf(f, ",\"auth\":\"%s\",\"firstName\":", logged_out ? "Logged Out" : "Logged In");
	if (logged_out) fputs("null", f); else fprintf(f, "\"%s\"", firsts[u->id % N_(firsts)]);
	fputs(",\"gender\":", f);
	if (logged_out) fputs("null", f); else fprintf(f, "\"%c\"", u->gender ? 'F' : 'M');
	fprintf(f, ",\"itemInSession\":%d,\"lastName\":", u->item);
	if (logged_out) fputs("null", f); else fprintf(f, "\"%s\"", lasts[(u->id / 8) % N_(lasts)]);
	fputs(",\"length\":", f);
	if (next_song) fprintf(f, "%.5f", s->duration); else fputs("null", f);
	fprintf(f, ",\"level\":\"%s\",\"location\":", u->paid ? "paid" : "free");
	if (logged_out) fputs("null", f); else fprintf(f, "\"%s\"", places[u->id % (N_(places) - 1)]);
	fprintf(f, ",\"method\":\"%s\",\"page\":\"%s\",\"registration\":", next_song ? "PUT" : "GET", page);
	if (logged_out) fputs("null", f); else fprintf(f, "%lld.0", 1540000000000LL + u->id * 7919LL);
	fprintf(f, ",\"sessionId\":%d,\"song\":", u->session);
	if (next_song) title(f, s); else fputs("null", f);
	fprintf(f, ",\"status\":%d,\"ts\":%lld,\"userAgent\":", next_song ? 200 : 307, ts);
	if (logged_out) fputs("null", f); else fprintf(f, "\"%s\"", agents[u->id % N_(agents)]);
	if (logged_out) fputs(",\"userId\":\"\"}", f);
	else fprintf(f, ",\"userId\":\"%d\"}", u->id);
}

int main(int argc, char **argv)
{
	uint64_t nsongs = 100, nevents = 1000, days = 30, seed = 42, nusers;
	struct song *songs, unknown;
	struct user *users;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--songs")) nsongs = strtoull(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--events")) nevents = strtoull(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--days")) days = strtoull(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--seed")) seed = strtoull(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "-o")) out_dir = argv[i + 1];
		else { fprintf(stderr, "gen: unknown option %s\n", argv[i]); return 2; }
	}
	if (!out_dir || nsongs == 0 || days == 0) {
		fprintf(stderr, "usage: gen --songs N --events M [--days D] [--seed S] -o DIR\n");
		return 2;
	}
	rng_state = seed;
	songs = malloc(nsongs * sizeof *songs);
	nusers = nevents / 700 + 20;
	users = calloc(nusers, sizeof *users);
	if (!songs || !users) { fputs("gen: out of memory\n", stderr); return 1; }
	for (uint64_t i = 0; i < nsongs; i++) {
		songs[i].id = next();
		songs[i].artist = next() % (nsongs / 2 + 1);
		songs[i].title_a = (unsigned)below(N_(words));
		songs[i].title_b = (unsigned)below(N_(words));
		songs[i].title_n = (unsigned)below(nsongs / 1000 + 1);
		songs[i].duration = 60 + unit() * 400;
	}
	write_songs(songs, nsongs);
	for (uint64_t u = 0; u < nusers; u++) {
		users[u].id = (int)u + 2;
		users[u].gender = (int)below(2);
		users[u].upgrades_at = below(3) == 0 ? (int)below(days) : -1;
		users[u].session = (int)(u * 1000);
	}
	for (uint64_t d = 0, made = 0; d < days; d++) {
		char path[4096];
		uint64_t today = (nevents - made) / (days - d);
		long long day0 = 1541030400000LL + (long long)d * 86400000LL;
		struct tm_date { int y, m, dd; } date = { 2018, 11, 1 + (int)d };
		static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		FILE *f;
		while (date.dd > mdays[date.m - 1] + (date.m == 2 && date.y % 4 == 0)) {
			date.dd -= mdays[date.m - 1] + (date.m == 2 && date.y % 4 == 0);
			if (++date.m > 12) date.m = 1, date.y++;
		}
		snprintf(path, sizeof path, "%s/log_data/%04d/%02d/%04d-%02d-%02d-events.json", out_dir,
			 date.y, date.m, date.y, date.m, date.dd);
		f = create(path);
		for (uint64_t e = 0; e < today; e++, made++) {
			struct user *u = &users[(uint64_t)(nusers * unit() * unit())];
			long long ts = day0 + (long long)(e * 86400000ULL / (today ? today : 1));
			int logged_out = below(33) == 0, next_song = !logged_out && below(5) != 0;
			const struct song *s = &songs[(uint64_t)(nsongs * unit() * unit() * unit())];
			if (below(12) == 0)
				u->session++, u->item = 0;
			if (u->upgrades_at == (int)d && !u->paid) {
				write_event(f, u, s, ts, 0, 0, "Submit Upgrade", e == 0);
				u->paid = 1, u->item++;
				continue;
			}
			if (next_song && below(10) < 3) { /* a song the catalogue lacks */
				unknown = *s;
				unknown.title_a = (unsigned)below(N_(words));
				unknown.duration += 0.5 + unit();
				s = &unknown;
			}
			write_event(f, u, s, ts, next_song, logged_out,
				    next_song ? "NextSong" : pages[below(N_(pages))], e == 0);
			u->item++;
		}
		fclose(f);
	}
	free(songs);
	free(users);
	return 0;
}
