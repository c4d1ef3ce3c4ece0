// Interface strings (the labels, hints, options and messages of dossiers come from the core).
const STRINGS = {
  vi: {
    service: 'Dịch vụ hồ sơ đối ngoại',
    start: 'Bắt đầu',
    continue: 'Tiếp tục',
    back: 'Quay lại',
    change: 'Thay đổi',
    add: 'Thêm',
    remove: 'Xóa',
    errorPrefix: 'Lỗi: ',
    summaryTitle: 'Có lỗi cần sửa',
    warningsTitle: 'Lưu ý',
    checkTitle: 'Kiểm tra lại thông tin trước khi nộp',
    submit: 'Nộp hồ sơ',
    submitting: 'Đang nộp…',
    resumeTitle: 'Tiếp tục hồ sơ đang soạn',
    resume: 'Tiếp tục hồ sơ đang soạn',
    discard: 'Bắt đầu hồ sơ mới',
    receiptTitle: 'Đã nộp hồ sơ',
    receiptCode: 'Mã hồ sơ',
    accessToken: 'Mã truy cập',
    receiptHelp: 'Hãy lưu mã hồ sơ và mã truy cập để tra cứu tình trạng hồ sơ.',
    copy: 'Sao chép',
    copied: 'Đã sao chép',
    print: 'In biên nhận',
    statusTitle: 'Tra cứu hồ sơ',
    statusCheck: 'Tra cứu',
    statusNotFound: 'Không tìm thấy hồ sơ. Hãy kiểm tra mã hồ sơ và mã truy cập.',
    upload: 'Tải tệp lên',
    uploading: 'Đang tải lên',
    uploaded: 'Đã tải lên',
    fileType: 'Chỉ nhận tệp PDF, JPEG hoặc PNG. Hãy chọn tệp khác.',
    fileSize: 'Tệp lớn hơn 10 MiB. Hãy nén hoặc chia nhỏ tệp.',
    networkRetry: 'Mạng không ổn định, đang thử lại…',
    networkFailed: 'Không kết nối được máy chủ. Hồ sơ vẫn được lưu trên máy; hãy bấm Nộp hồ sơ lại khi có mạng (không bị nộp trùng).',
    refused: 'Máy chủ chưa nhận hồ sơ. Hãy sửa các lỗi sau:',
    empty: 'Chưa điền',
    yes: 'Có', no: 'Không',
    searchCommune: 'Tìm xã, phường (gõ không dấu cũng được)',
    chooseProvinceFirst: 'Hãy chọn tỉnh, thành phố trước.',
    choose: 'Chọn…',
    procedures: 'Các thủ tục',
    needs: 'Tài liệu cần chuẩn bị',
    trackLink: 'Tra cứu hồ sơ đã nộp',
    language: 'English',
    pageOf: (i, n) => `Bước ${i} trên ${n}`,
    status: 'Tình trạng',
    history: 'Lịch sử',
  },
  en: {
    service: 'Foreign-affairs dossiers',
    start: 'Start',
    continue: 'Continue',
    back: 'Back',
    change: 'Change',
    add: 'Add',
    remove: 'Remove',
    errorPrefix: 'Error: ',
    summaryTitle: 'There is a problem',
    warningsTitle: 'Please note',
    checkTitle: 'Check your answers before submitting',
    submit: 'Submit the dossier',
    submitting: 'Submitting…',
    resumeTitle: 'Continue your draft',
    resume: 'Continue your draft',
    discard: 'Start a new dossier',
    receiptTitle: 'Dossier submitted',
    receiptCode: 'Receipt code',
    accessToken: 'Access token',
    receiptHelp: 'Keep the receipt code and the access token to follow your dossier.',
    copy: 'Copy',
    copied: 'Copied',
    print: 'Print the receipt',
    statusTitle: 'Follow a dossier',
    statusCheck: 'Look up',
    statusNotFound: 'No dossier found. Check the receipt code and the access token.',
    upload: 'Upload',
    uploading: 'Uploading',
    uploaded: 'Uploaded',
    fileType: 'Only PDF, JPEG or PNG files are accepted. Choose another file.',
    fileSize: 'The file is larger than 10 MiB. Compress or split it.',
    networkRetry: 'The network is unstable, retrying…',
    networkFailed: 'The server cannot be reached. Your dossier is kept on this device; press Submit again when you are online (it cannot be filed twice).',
    refused: 'The server has not accepted the dossier. Fix these problems:',
    empty: 'Not filled in',
    yes: 'Yes', no: 'No',
    searchCommune: 'Search a commune or ward (accents optional)',
    chooseProvinceFirst: 'Choose the province first.',
    choose: 'Choose…',
    procedures: 'Procedures',
    needs: 'Documents to prepare',
    trackLink: 'Follow a submitted dossier',
    language: 'Tiếng Việt',
    pageOf: (i, n) => `Step ${i} of ${n}`,
    status: 'Status',
    history: 'History',
  },
};

const STATUSES = {
  vi: { received: 'Đã tiếp nhận', prechecked: 'Đã kiểm tra sơ bộ', forwarded: 'Đã chuyển lên tỉnh',
    returned: 'Trả lại để bổ sung', decision_pending: 'Chờ quyết định' },
  en: { received: 'Received', prechecked: 'Pre-checked', forwarded: 'Forwarded to the province',
    returned: 'Returned for completion', decision_pending: 'Awaiting the decision' },
};

/** The name of a dossier status in the current language (the code when unknown). */
export function statusName(code) {
  return STATUSES[lang()][code] ?? code;
}

export function lang() {
  const l = localStorage.getItem('dossier.lang');
  return l === 'en' ? 'en' : 'vi';
}

export function setLang(l) {
  localStorage.setItem('dossier.lang', l);
}

export function t(key, ...args) {
  const s = STRINGS[lang()][key];
  return typeof s === 'function' ? s(...args) : s;
}

/** Adds the language switch to the header; switching re-renders through `onSwitch`. */
export function languageSwitch(onSwitch) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'lang-switch';
  b.lang = lang() === 'vi' ? 'en' : 'vi';
  b.textContent = t('language');
  b.addEventListener('click', () => {
    setLang(lang() === 'vi' ? 'en' : 'vi');
    document.documentElement.lang = lang();
    onSwitch();
  });
  return b;
}

/** Lower case without diacritics: "Hoàn Kiếm" → "hoan kiem". */
export function fold(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}
