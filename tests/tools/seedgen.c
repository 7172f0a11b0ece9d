/*
 * Made-up messages for the benchmark database. Proportions and fragments
 * are a rough picture of what a rural station receives, enough for the
 * indexes and the classifier to see realistic data; they are no corpus.
 * Deterministic: splitmix64 from the seed, nothing from the clock.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "seedgen.h"
#include "text.h"

#define NSENDERS	40000	/* distinct citizens */
#define LONG_PER_MILLE	50	/* messages of several parts */
#define PLAIN_PER_CENT	40	/* typed without diacritics */

#define NELEMS(a)	(sizeof(a) / sizeof((a)[0]))

struct topic_mix {
	unsigned per_mille;
	const char *const *fragments;
	size_t	 n;
};

static const char *const trom_cap[] = {
	"nhà tôi bị kẻ gian cạy cửa lấy mất chiếc xe máy",
	"đêm qua bị trộm bắt mất hai con chó",
	"có kẻ trộm đột nhập vào kho lấy đi máy bơm nước",
	"bị giật điện thoại khi đang đi chợ",
	"nhà hàng xóm bị mất trộm con bò trong chuồng",
	"trộm cắp vặt xảy ra liên tục, mất gà mất vịt",
	"có người lạ dùng súng điện bắt trộm chó",
};
static const char *const co_bac[] = {
	"có người ghi lô đề công khai ở quán nước",
	"một nhóm thanh niên tụ tập đánh bạc ăn tiền",
	"có sới gà đá ăn tiền vào chiều chủ nhật",
	"quán cà phê cho khách cá độ bóng đá",
	"nhiều người chơi xóc đĩa suốt đêm",
	"có tụ điểm đánh bài ăn tiền sau nhà văn hóa",
};
static const char *const giao_thong[] = {
	"thanh niên đua xe lạng lách đánh võng mỗi tối",
	"xe tải chở quá tải làm nát đường liên xã",
	"xảy ra tai nạn giao thông, một người bị thương",
	"học sinh đi xe máy không đội mũ bảo hiểm, chở ba",
	"người dân phơi rơm lấn chiếm lòng đường rất nguy hiểm",
	"xe ben chạy quá tốc độ qua khu dân cư",
	"ổ gà giữa đường, đêm không có đèn đường",
};
static const char *const te_nan[] = {
	"có người lạ đến mua bán ma túy vào ban đêm",
	"thanh niên tụ tập hút bóng cười, bay lắc",
	"con nghiện vứt kim tiêm bừa bãi ngoài bờ đê",
	"nhà nghỉ có dấu hiệu chứa chấp mại dâm",
	"quán karaoke ôm hoạt động trá hình",
};
static const char *const an_ninh[] = {
	"hai nhóm thanh niên đánh nhau gây rối trật tự",
	"có người cầm dao đe dọa hàng xóm",
	"nhóm đòi nợ thuê đến tạt sơn vào nhà",
	"tôi bị lừa đảo chuyển tiền qua điện thoại",
	"hát karaoke ồn ào quá nửa đêm, không ai ngủ được",
	"chồng say rượu đánh vợ con, bạo lực gia đình",
	"có đối tượng mạo danh công an gọi điện đòi tiền",
};
static const char *const thu_tuc[] = {
	"cho hỏi làm căn cước cho con cần giấy tờ gì",
	"xin hỏi thủ tục đăng ký thường trú mất bao lâu",
	"tôi bị mất giấy phép lái xe, muốn cấp lại",
	"hồ sơ đăng ký xe nộp đã lâu chưa có kết quả",
	"cho hỏi đăng ký tạm trú cho người thuê trọ thế nào",
	"xin hỏi lịch làm căn cước gắn chip ngày thứ bảy",
};
static const char *const cong_an_xa[] = {
	"công an xã trực đêm không nghe điện thoại",
	"đề nghị công an xã tăng cường tuần tra ban đêm",
	"báo cáo với công an xã nhiều lần mà chưa thấy xử lý",
	"trụ sở công an xã không có người tiếp dân",
};
static const char *const tham_nhung[] = {
	"cán bộ đòi phong bì mới làm hồ sơ",
	"làm căn cước phải bồi dưỡng tiền mới nhanh",
	"có chuyện làm luật ở chốt giao thông đầu cầu",
	"nghi cán bộ nhận tiền bỏ qua vi phạm",
};
static const char *const thai_do[] = {
	"cán bộ tiếp dân thái độ hách dịch, quát nạt người dân",
	"cán bộ trực ban nói năng cộc lốc, không hướng dẫn",
	"cán bộ làm việc riêng, bắt dân chờ cả buổi",
	"thái độ phục vụ kém, không hài lòng",
};
static const char *const khen[] = {
	"cảm ơn các anh công an đã giúp tìm lại xe máy",
	"xin cảm ơn công an xã đã bắt được kẻ trộm, bà con rất phấn khởi",
	"khen ngợi cán bộ nhiệt tình giúp đỡ người già làm hồ sơ",
	"cảm ơn các chiến sĩ đã đến kịp thời giúp dân",
};
static const char *const khac[] = {
	"cho hỏi bao giờ xã chi tiền hỗ trợ lũ lụt",
	"nhờ các anh xem giúp việc tranh chấp đất với hàng xóm",
	"xin số điện thoại của trạm y tế",
	"đèn chiếu sáng ở ngõ bị hỏng lâu ngày",
	"nước sinh hoạt bị mất mấy hôm nay",
};

/* The order of config/gopy.conf; shares of a thousand messages. */
static const struct topic_mix topics[] = {
	{ 180, trom_cap, NELEMS(trom_cap) },
	{ 100, co_bac, NELEMS(co_bac) },
	{ 120, giao_thong, NELEMS(giao_thong) },
	{ 80, te_nan, NELEMS(te_nan) },
	{ 140, an_ninh, NELEMS(an_ninh) },
	{ 100, thu_tuc, NELEMS(thu_tuc) },
	{ 60, cong_an_xa, NELEMS(cong_an_xa) },
	{ 30, tham_nhung, NELEMS(tham_nhung) },
	{ 60, thai_do, NELEMS(thai_do) },
	{ 50, khen, NELEMS(khen) },
	{ 80, khac, NELEMS(khac) },
};

static const char *const openers[] = {
	"", "", "", "Kính gửi công an xã, ", "Báo cáo các anh: ",
	"Cho tôi phản ánh: ", "Alo CA, ", "Tôi là người dân, ",
};
static const char *const whens[] = {
	"", " đêm qua", " sáng nay", " chiều hôm qua", " tối thứ bảy",
	" mấy hôm nay", " từ tuần trước",
};
static const char *const closings[] = {
	"", "", ".", ". Mong các anh xử lý sớm.", ". Xin cảm ơn!",
	", đề nghị kiểm tra giúp.", "!!!",
};
/* Long messages go on with these. */
static const char *const details[] = {
	" Sự việc đã kéo dài nhiều ngày, bà con trong thôn rất bức xúc và lo "
	"lắng cho an toàn của gia đình mình.",
	" Tôi đã báo với trưởng thôn nhưng chưa thấy ai đến giải quyết, nay "
	"gửi tin nhắn này mong được các anh quan tâm.",
	" Người dân chúng tôi sẵn sàng phối hợp cung cấp thông tin, xin giữ "
	"bí mật danh tính cho người báo tin.",
};
/* The places of tests/bench/communes.conf, with the way people write. */
static const char *const places[] = {
	"thôn Tân Hòa", "thôn Bàu", "chợ Cầu", "xã Thạch Tân",
	"thôn Đông Hương", "thôn Trung", "xóm Cồn", "Thạch Hương",
	"thôn Đài Phú", "thôn Bắc", "cầu Đông", "xã Thạch Đài",
	"thôn Kênh Tân", "xóm Bến", "Thạch Kênh",
	"thôn Liên Hòa", "xóm Đình", "Thạch Liên",
	"thôn Ngọc Sơn", "xóm Rú", "Thạch Ngọc",
};
static const char *const officers[] = {
	"hung", "lan", "minh", "tuan", "thao", "duc",
};

/* splitmix64: small, seedable, the same on every platform. */
static uint64_t
next_u64(struct seedgen *g)
{
	uint64_t z = (g->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in 0..n-1 (the bias of the modulo is far below what matters). */
static size_t
pick(struct seedgen *g, size_t n)
{
	return (size_t)(next_u64(g) % n);
}

void
seedgen_init(struct seedgen *g, uint64_t seed, size_t n, int64_t end)
{
	memset(g, 0, sizeof(*g));
	g->state = seed;
	g->n = n;
	g->end = end;
	g->start = end - SEEDGEN_SPAN_S;
}

/* Seconds into a day: few at night, most from 6 to 22 o'clock. */
static int64_t
time_of_day(struct seedgen *g)
{
	if (pick(g, 10) == 0) {
		return (int64_t)pick(g, 86400);
	}
	return 6 * 3600 + (int64_t)pick(g, 16 * 3600);
}

/* The status and assignee of a message age seconds old. */
static void
work_state(struct seedgen *g, int64_t age, const char **status,
    const char **assignee)
{
	size_t r = pick(g, 100);

	if (age > 60 * 86400) {
		*status = r < 75 ? "resolved" : r < 85 ? "rejected" :
		    r < 90 ? "in_progress" : "new";
	} else if (age > 7 * 86400) {
		*status = r < 40 ? "resolved" : r < 70 ? "in_progress" :
		    r < 95 ? "new" : "rejected";
	} else {
		*status = r < 70 ? "new" : r < 95 ? "in_progress" : "resolved";
	}
	*assignee = strcmp(*status, "new") == 0 && pick(g, 4) != 0 ? "" :
	    officers[pick(g, NELEMS(officers))];
}

static const struct topic_mix *
pick_topic(struct seedgen *g)
{
	size_t i, r = pick(g, 1000);

	for (i = 0; i + 1 < NELEMS(topics) && r >= topics[i].per_mille; i++) {
		r -= topics[i].per_mille;
	}
	return &topics[i];
}

int
seedgen_next(struct seedgen *g, struct buf *out)
{
	const struct topic_mix *t;
	const char *status, *assignee;
	struct buf text;
	int64_t day, when;
	size_t r, parts = 1;

	if (g->i == g->n) {
		return -1;
	}
	/* Evenly over the span, in order: ids follow time, as in life. */
	day = (int64_t)(((double)g->i / (double)g->n) * (SEEDGEN_SPAN_S / 86400));
	when = g->start + day * 86400 + time_of_day(g);
	g->i++;
	t = pick_topic(g);
	buf_init(&text);
	buf_addf(&text, "%s%s", openers[pick(g, NELEMS(openers))],
	    t->fragments[pick(g, t->n)]);
	/* Most name one place, some none, a few two (of two communes). */
	r = pick(g, 10);
	if (r < 7) {
		buf_addf(&text, " ở %s", places[pick(g, NELEMS(places))]);
	} else if (r == 9) {
		buf_addf(&text, " ở %s gần %s", places[pick(g, NELEMS(places))],
		    places[pick(g, NELEMS(places))]);
	}
	buf_addf(&text, "%s%s", whens[pick(g, NELEMS(whens))],
	    closings[pick(g, NELEMS(closings))]);
	if (pick(g, 1000) < LONG_PER_MILLE) {
		parts = 2 + pick(g, 2);
		for (r = 0; r < parts; r++) {
			buf_adds(&text, details[pick(g, NELEMS(details))]);
		}
	}
	work_state(g, g->end - when, &status, &assignee);
	buf_reset(out);
	buf_addf(out, "%lld\t+849%08zu\t", (long long)when,
	    10000000 + pick(g, NSENDERS));
	if (pick(g, 100) < PLAIN_PER_CENT) {
		text_strip_marks(text.data, text.len, out);
	} else {
		buf_add(out, text.data, text.len);
	}
	buf_addf(out, "\t%zu\t%s\t%s", parts, status, assignee);
	buf_release(&text);
	return 0;
}
