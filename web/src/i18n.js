// Simplified Chinese and English. The choice is remembered in localStorage; the first visit
// follows the browser's language.
import { signal } from './state.js';

const zh = {
  evidence: '出境合规材料', myEvidence: '我的出境合规材料', evidenceRegister: '出境合规材料登记簿',
  exporterProfile: '经核实的出境情形', profileUndecided: '运营方尚未核实本机构的出境情形：任何豁免均不适用。',
  noExemptionFacts: '无适用的豁免情形', decidedBecause: '核实依据', inFtz: '自由贸易试验区',
  fact_on_ftz_negative_list: '数据在自贸区负面清单内', fact_ciio: '关键信息基础设施运营者',
  fact_trade_context: '国际贸易等活动中产生的数据（第三条）', fact_collected_abroad: '境外收集、境内处理后出境（第四条）',
  fact_necessary_for_contract: '订立、履行个人作为一方的合同所必需（第五条）', fact_employee_hr: '跨境人力资源管理（第五条）',
  fact_emergency: '紧急情况下保护生命健康和财产安全（第五条）',
  fileEvidence: '提交材料', evidenceHelp: '材料属于出口方本身：经运营方批准后，在有效期内用于所有目的地和行业在范围内的合同。',
  evidenceKind: '材料类型', referenceNumber: '批准或备案编号', issuingAuthority: '出具机关',
  destinations: '目的地（ISO 代码，逗号分隔）', sectorsCovered: '覆盖的数据行业', validFrom: '生效日期',
  document: '文件', documentRequired: '请选择材料文件', evidenceFiled: '材料已提交，等待审核',
  kind_security_assessment: '数据出境安全评估', kind_standard_contract_filing: '个人信息出境标准合同备案',
  kind_certification: '个人信息保护认证', kind_consent: '单独同意记录', kind_pipia: '个人信息保护影响评估',
  evidence_filed: '待审核', evidence_approved: '已批准', evidence_rejected: '已驳回',
  reason: '理由', reasonRequired: '请填写理由', decideFacts: '核实出口方的出境情形', ftzName: '自贸区（如 shanghai-lingang）',
  profileSaved: '已保存', signInFirst: '请先登录',
  pipiaReviewed: '已审阅卖方的个人信息保护影响评估', contentAttestation: '内容审阅声明',
  contentAttestationHelp: '扫描程序无法读取此数据集（如 PDF、图片）。只有评估机构声明已审阅其中的个人信息后才能通过。',
  contentReviewed: '本机构已审阅全部内容中的个人信息', contentFindings: '审阅的内容和发现', contentAttested: '内容审阅声明',
  brand: 'Bourse 数据交易所', market: '市场', catalogue: '数据产品', log: '存证日志',
  certificates: '我的证书', operator: '运营', regulator: '监管', signIn: '登录', signOut: '退出',
  language: 'English', languageLabel: '切换语言',
  headline: '市场概览', participants: '参与主体', byRole: '按角色的参与主体', products: '挂牌产品',
  trades: '成交笔数', value: '成交金额', tradesByMonth: '每月成交', valueByMonth: '每月成交金额',
  bySector: '按行业的成交', productsBySector: '按行业的挂牌产品', loading: '加载中…', error: '出错了',
  search: '搜索', searchPlaceholder: '搜索数据产品', sector: '行业', category: '类别',
  deliveryMode: '交付方式', sort: '排序', any: '全部', relevance: '相关度', newest: '最新',
  priceAsc: '价格从低到高', priceDesc: '价格从高到低', quality: '质量', results: '条结果',
  previous: '上一页', next: '下一页', price: '价格', qualityScore: '质量评分', seller: '卖方',
  description: '描述', fields: '字段', sample: '样例', scenarios: '允许的场景', status: '状态',
  compliance: '合规评估', registration: '登记', noResults: '没有匹配的产品',
  token: 'API 令牌', organization: '机构（编号或统一社会信用代码）', password: '密码',
  withToken: '用令牌登录', withPassword: '用密码登录', signedInAs: '当前登录',
  verify: '验证', verified: '签名有效，状态有效', revoked: '已撤销', invalid: '验证失败',
  type: '类型', issued: '签发时间', noCertificates: '暂无证书',
  checkpoint: '最新签名检查点', treeSize: '条目数', rootHash: '根哈希', entry: '条目',
  index: '序号', show: '查看', proofVerified: '包含证明已在浏览器中验证', proofFailed: '包含证明无效',
  checkpointVerified: '检查点签名有效', admissionQueue: '待审核的入场申请', approve: '批准',
  reject: '驳回', none: '无', crossBorder: '出境登记', row: '决定行', route: '路径',
  exporter: '出口方', destination: '目的地', readOnly: '监管方只读，不能修改',
  home: '首页', byStatus: '按状态', amount: '金额',
  declaration: '交易声明', declarationHelp: '用途、场景、使用方式和地域将写入合同。',
  purpose: '用途', scenario: '场景', mannerOfUse: '使用方式', internalUse: '内部使用',
  modelTraining: '模型训练', region: '地域', durationDays: '期限（天）', buyAtListPrice: '按挂牌价购买',
  contracts: '我的合同', contract: '合同', tradeStatus: '交易状态', escrow: '托管金额',
  downloads: '下载次数', logIndex: '日志序号', verifyAgreement: '验证交易所签名',
  agreementSigned: '合同由交易所签名，签名有效', download: '下载数据', acceptDelivery: '确认收货',
  dispute: '提出争议', accepted: '已确认收货，已结算', disputed: '已提出争议，托管资金冻结', agreement: '合同文本',
  myProducts: '我的产品', newProduct: '登记新产品', title: '名称', dataSource: '数据来源',
  acquisition: '采集方式', authorisation: '来源授权', fieldsHelp: '字段（每行“名称:类型”）',
  temporal: '时间范围', spatial: '空间范围', scenariosHelp: '应用场景（逗号分隔）', priceYuan: '价格（元）',
  create: '创建', scanReport: '扫描报告', file: '文件', rows: '行数', classification: '建议分级',
  personalInfo: '含个人信息', dataset: '数据集', chooseFile: '选择文件上传', uploadProgress: '上传进度',
  submit: '提交', assessor: '评估机构', commission: '委托评估', requestListing: '申请挂牌',
  assessmentQueue: '待评估的产品', listingQueue: '挂牌审核队列', decision: '评估结论', outcome: '结论',
  subjectCheck: '主体合规', objectCheck: '客体合规', circulationCheck: '流通合规', legalOpinion: '法律意见',
  record: '记录结论', reviews: '审核', sourceType: '来源类型',
  dashboard: '市场看板', crossBorderTrades: '跨境交易', disputes: '争议', newParticipants: '每月新增参与主体',
  productsBySource: '按来源类型的挂牌产品', releaseToSeller: '放款给卖方', refundBuyer: '退款给买方',
  account: '账户', balance: '余额', money: '资金', organizationId: '机构编号', amountYuan: '金额（元）',
  currency: '币种', bankReference: '银行流水号', deposit: '登记入金', withdraw: '登记出金',
  board: '供需对接', deadline: '截止日期', postDemand: '发布需求', budgetYuan: '预算（元）',
  demandPosted: '需求已发布', notifications: '通知', apply: '申请入场', applied: '申请已提交',
  keepToken: '请妥善保存下面的令牌，它只显示一次：', orgName: '机构名称', role: '角色',
  contactName: '联系人', contactEmail: '联系邮箱',
  proposedPrice: '报价（元）', propose: '发起议价', negotiation: '议价', counterPrice: '还价（元）',
  move_request: '还价', move_offer: '报价', move_accept: '接受报价', move_agree: '同意', move_verify: '确认',
  move_finalize: '签约', move_terminate: '终止',
  settings: '设置', consolePassword: '控制台密码', passwordHelp: '设置后，可用机构编号或统一社会信用代码加密码登录。至少 12 个字符。',
  newPassword: '新密码', again: '再输入一次', save: '保存', passwordSet: '密码已设置', passwordsDiffer: '两次输入不一致',
  tokens: 'API 令牌', participantsTitle: '参与主体', suspend: '暂停', reinstate: '恢复',
  boardNeedsSignIn: '登录后查看供需对接', matches: '匹配的产品', score: '匹配度', offers: '报价',
  acceptOffer: '接受报价', makeOffer: '以产品报价', productId: '产品编号', message: '留言', offerSent: '报价已发送',
  assessor_: '评估机构', validUntil: '有效期至', registrations: '数据产权登记', certificate: '证书',
  outcome_: '结论', facet_source_type: '来源类型', facet_category: '类别', facet_delivery_mode: '交付方式',
};

const en = {
  evidence: 'Cross-border evidence', myEvidence: 'My cross-border evidence', evidenceRegister: 'Cross-border evidence register',
  exporterProfile: 'Verified cross-border facts', profileUndecided: 'The operator has not verified this organisation\'s cross-border facts: no exemption applies.',
  noExemptionFacts: 'No exemption applies', decidedBecause: 'Verified on', inFtz: 'Free trade zone',
  fact_on_ftz_negative_list: 'Data on the zone\'s negative list', fact_ciio: 'Critical information infrastructure operator',
  fact_trade_context: 'Data arising in international trade and the like (Art. 3)', fact_collected_abroad: 'Collected abroad, processed here, re-exported (Art. 4)',
  fact_necessary_for_contract: 'Needed for a contract with the individual (Art. 5)', fact_employee_hr: 'Cross-border human resources (Art. 5)',
  fact_emergency: 'Emergency protection of life, health or property (Art. 5)',
  fileEvidence: 'File evidence', evidenceHelp: 'Evidence is the exporter\'s own: once the operator approves it, it serves every contract whose destination and sector it covers, while it is valid.',
  evidenceKind: 'Kind', referenceNumber: 'Approval or filing number', issuingAuthority: 'Issued by',
  destinations: 'Destinations (ISO codes, comma-separated)', sectorsCovered: 'Data sectors covered', validFrom: 'Valid from',
  document: 'Document', documentRequired: 'Choose the document to file', evidenceFiled: 'Filed; waiting for review',
  kind_security_assessment: 'Security assessment', kind_standard_contract_filing: 'Standard contract filing',
  kind_certification: 'PI protection certification', kind_consent: 'Separate consent records', kind_pipia: 'PI impact assessment',
  evidence_filed: 'Waiting for review', evidence_approved: 'Approved', evidence_rejected: 'Rejected',
  reason: 'Reason', reasonRequired: 'Give a reason', decideFacts: 'Verify an exporter\'s cross-border facts', ftzName: 'Free trade zone (e.g. shanghai-lingang)',
  profileSaved: 'Saved', signInFirst: 'Sign in first',
  pipiaReviewed: 'The seller\'s PI impact assessment was reviewed', contentAttestation: 'Content attestation',
  contentAttestationHelp: 'The scanner could not read this dataset (a PDF, an image …). It passes only when the assessor attests that it reviewed the content for personal information.',
  contentReviewed: 'We reviewed all of the content for personal information', contentFindings: 'What was reviewed and found', contentAttested: 'Content attested',
  brand: 'Bourse Data Exchange', market: 'Market', catalogue: 'Products', log: 'Log',
  certificates: 'My certificates', operator: 'Operator', regulator: 'Regulator', signIn: 'Sign in',
  signOut: 'Sign out', language: '中文', languageLabel: 'Switch language',
  headline: 'The market at a glance', participants: 'Participants', byRole: 'Participants by role',
  products: 'Listed products', trades: 'Trades', value: 'Trade value',
  tradesByMonth: 'Trades by month', valueByMonth: 'Value by month', bySector: 'Trades by sector',
  productsBySector: 'Listed products by sector', loading: 'Loading…', error: 'Something went wrong',
  search: 'Search', searchPlaceholder: 'Search data products', sector: 'Sector',
  category: 'Category', deliveryMode: 'Delivery', sort: 'Sort', any: 'Any',
  relevance: 'Relevance', newest: 'Newest', priceAsc: 'Price, low to high',
  priceDesc: 'Price, high to low', quality: 'Quality', results: 'results', previous: 'Previous',
  next: 'Next', price: 'Price', qualityScore: 'Quality score', seller: 'Seller',
  description: 'Description', fields: 'Fields', sample: 'Sample', scenarios: 'Permitted scenarios',
  status: 'Status', compliance: 'Compliance assessment', registration: 'Registration',
  noResults: 'No product matches', token: 'API token',
  organization: 'Organisation (id or USCC)', password: 'Password', withToken: 'Sign in with a token',
  withPassword: 'Sign in with a password', signedInAs: 'Signed in as', verify: 'Verify',
  verified: 'Signature valid, status valid', revoked: 'Revoked', invalid: 'Verification failed',
  type: 'Type', issued: 'Issued', noCertificates: 'No certificates yet',
  checkpoint: 'Latest signed checkpoint', treeSize: 'Entries', rootHash: 'Root hash',
  entry: 'Entry', index: 'Index', show: 'Show',
  proofVerified: 'Proof of inclusion verified in the browser',
  proofFailed: 'The proof of inclusion does not verify',
  checkpointVerified: 'Checkpoint signature valid', admissionQueue: 'Admission applications',
  approve: 'Approve', reject: 'Reject', none: 'None', crossBorder: 'Cross-border register',
  row: 'Deciding row', route: 'Route', exporter: 'Exporter', destination: 'Destination',
  readOnly: 'The regulator reads everything and writes nothing', home: 'Home',
  byStatus: 'By status', amount: 'Amount',
  declaration: 'Transaction declaration',
  declarationHelp: 'Purpose, scenario, manner of use and region become part of the contract.',
  purpose: 'Purpose', scenario: 'Scenario', mannerOfUse: 'Manner of use', internalUse: 'Internal use',
  modelTraining: 'Model training', region: 'Region', durationDays: 'Duration (days)',
  buyAtListPrice: 'Buy at the list price', contracts: 'My contracts', contract: 'Contract',
  tradeStatus: 'Trade status', escrow: 'In escrow', downloads: 'Downloads', logIndex: 'Log index',
  verifyAgreement: "Verify the exchange's signature", agreementSigned: 'Signed by the exchange; signature valid',
  download: 'Download the data', acceptDelivery: 'Accept the delivery', dispute: 'Dispute',
  accepted: 'Delivery accepted; settled', disputed: 'Disputed; escrow frozen', agreement: 'Agreement',
  myProducts: 'My products', newProduct: 'Describe a new product', title: 'Title',
  dataSource: 'Data source', acquisition: 'Acquisition method', authorisation: 'Source authorisation',
  fieldsHelp: 'Fields (one "name:type" per line)', temporal: 'Temporal coverage',
  spatial: 'Spatial coverage', scenariosHelp: 'Scenarios (comma-separated)', priceYuan: 'Price (yuan)',
  create: 'Create', scanReport: 'Scan report', file: 'File', rows: 'Rows',
  classification: 'Suggested classification', personalInfo: 'Personal information',
  dataset: 'Dataset', chooseFile: 'Choose a file to upload', uploadProgress: 'Upload progress',
  submit: 'Submit', assessor: 'Assessor', commission: 'Commission the assessment',
  requestListing: 'Request listing', assessmentQueue: 'Products to assess',
  listingQueue: 'Listing review', decision: 'Decision', outcome: 'Outcome',
  subjectCheck: 'Subject compliance', objectCheck: 'Object compliance',
  circulationCheck: 'Circulation compliance', legalOpinion: 'Legal opinion', record: 'Record the decision',
  reviews: 'Reviews', sourceType: 'Source type',
  dashboard: 'Market dashboard', crossBorderTrades: 'Cross-border trades', disputes: 'Disputes',
  newParticipants: 'New participants by month', productsBySource: 'Listed products by source type',
  releaseToSeller: 'Release to the seller', refundBuyer: 'Refund the buyer', account: 'Account',
  balance: 'Balance', money: 'Money', organizationId: 'Organisation id', amountYuan: 'Amount (yuan)',
  currency: 'Currency', bankReference: 'Bank reference', deposit: 'Record a deposit',
  withdraw: 'Record a withdrawal', board: 'Demand board', deadline: 'Deadline',
  postDemand: 'Post a demand', budgetYuan: 'Budget (yuan)', demandPosted: 'Demand posted',
  notifications: 'Notifications', apply: 'Apply for admission', applied: 'Application submitted',
  keepToken: 'Keep this token safe; it is shown only once:', orgName: 'Organisation name',
  role: 'Role', contactName: 'Contact name', contactEmail: 'Contact email',
  proposedPrice: 'Your price (yuan)', propose: 'Propose a price', negotiation: 'Negotiation',
  counterPrice: 'Counter price (yuan)', move_request: 'Counter', move_offer: 'Offer',
  move_accept: 'Accept the offer', move_agree: 'Agree', move_verify: 'Verify',
  move_finalize: 'Sign the contract', move_terminate: 'Terminate',
  settings: 'Settings', consolePassword: 'Console password',
  passwordHelp: 'Then sign in with the organisation id or USCC and this password. At least 12 characters.',
  newPassword: 'New password', again: 'Again', save: 'Save', passwordSet: 'Password set',
  passwordsDiffer: 'The two entries differ', tokens: 'API tokens', participantsTitle: 'Participants',
  suspend: 'Suspend', reinstate: 'Reinstate',
  boardNeedsSignIn: 'sign in to see the demand board', matches: 'Matched products', score: 'score',
  offers: 'Offers', acceptOffer: 'Accept the offer', makeOffer: 'Offer a product',
  productId: 'Product id', message: 'Message', offerSent: 'Offer sent', assessor_: 'Assessor',
  validUntil: 'Valid until', registrations: 'Data-rights registrations', certificate: 'Certificate',
  outcome_: 'Outcome', facet_source_type: 'Source type', facet_category: 'Category',
  facet_delivery_mode: 'Delivery',
};

const dictionaries = { zh, en };

function initial() {
  const saved = globalThis.localStorage?.getItem('bourse.lang');
  if (saved === 'zh' || saved === 'en') return saved;
  return (globalThis.navigator?.language || 'zh').startsWith('zh') ? 'zh' : 'en';
}

export const lang = signal(initial());

export function setLang(value) {
  lang.set(value);
  localStorage.setItem('bourse.lang', value);
  document.documentElement.lang = value === 'zh' ? 'zh-CN' : 'en';
  document.title = dictionaries[value].brand;
}

export function t(key) {
  return dictionaries[lang.get()][key] ?? key;
}

export function formatNumber(n) {
  return new Intl.NumberFormat(lang.get() === 'zh' ? 'zh-CN' : 'en-GB').format(n);
}

// Minor units of an ISO 4217 currency as money.
export function formatMoney(minor, currency) {
  const digits = currency === 'JPY' || currency === 'KRW' ? 0 : 2;
  return new Intl.NumberFormat(lang.get() === 'zh' ? 'zh-CN' : 'en-GB', {
    style: 'currency', currency, maximumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}

// Names of the API's enumerations (roles, sectors) in each language; unknown values show as sent.
const terms = {
  zh: {
    data_merchant: '数据商', seller: '数据提供方', buyer: '数据需求方', service_provider: '第三方服务机构',
    operator: '交易所运营方', regulator: '监管方', energy: '能源', finance: '金融', transport: '交通',
    healthcare: '医疗健康', manufacturing: '制造', agriculture: '农业', retail: '零售', telecom: '通信',
    government: '政务', environment: '环境', logistics: '物流', real_estate: '房地产', education: '教育',
    other: '其他', utility: '公用事业', industry: '产业', trade: '商贸', media: '媒体', internet: '互联网',
    research: '科研', individuals: '个人', data_product: '数据产品', data_service: '数据服务',
    data_tool: '数据工具', file: '文件', api: '接口', privacy_computing: '隐私计算', sandbox: '数据沙箱',
  },
  en: {
    data_merchant: 'Data merchants', seller: 'Data providers', buyer: 'Buyers',
    service_provider: 'Service providers', operator: 'Operator', regulator: 'Regulator',
    energy: 'Energy', finance: 'Finance', transport: 'Transport', healthcare: 'Healthcare',
    manufacturing: 'Manufacturing', agriculture: 'Agriculture', retail: 'Retail', telecom: 'Telecom',
    government: 'Government', environment: 'Environment', logistics: 'Logistics',
    real_estate: 'Real estate', education: 'Education', other: 'Other', utility: 'Utilities',
    industry: 'Industry', trade: 'Trade', media: 'Media', internet: 'Internet', research: 'Research',
    individuals: 'Individuals', data_product: 'Data product', data_service: 'Data service',
    data_tool: 'Data tool', file: 'File', api: 'API', privacy_computing: 'Privacy computing',
    sandbox: 'Sandbox',
  },
};

export function term(value) {
  return terms[lang.get()][value] ?? value;
}
