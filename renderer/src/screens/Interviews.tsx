import { Button, Card, DatePicker, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import {
  type CSSProperties,
  type HTMLAttributes,
  type UIEvent,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { InterviewListRow } from '../../../src/store/overview.ts';
import { call } from '../api/client.ts';
import { ErrorAlert, useLoad } from '../common.tsx';
import { navigate } from '../route.ts';
import { InterviewDetail, STATUS_COLOR } from './interviews/InterviewDetail.tsx';

/** Rows per request: a few screenfuls, small enough to arrive in a few milliseconds at 100,000 interviews. */
const PAGE = 200;
/** Fetch the next page when the user is this many pixels from the end of what is loaded. */
const PREFETCH_PX = 1200;
const LIST_HEIGHT = 600;
/** Rows rendered above and below the visible ones, so that a quick scroll does not show blank space. */
const OVERSCAN = 8;
/**
 * Row actions as plain link-styled buttons: dozens of rows are on screen at once, and antd's Button (wave effect,
 * config context, style hooks) is measurably the heaviest thing in a row (bench:ui profile).
 */
const LINK: CSSProperties = {
  border: 0,
  background: 'none',
  padding: '0 8px 0 0',
  color: '#1677ff',
  cursor: 'pointer',
  font: 'inherit',
};

interface Filters {
  status?: string;
  surveyor?: string;
  region?: string;
  from?: string;
  to?: string;
  search?: string;
}
type Sort = { sort: 'updated' | 'started'; descending: boolean };
type Cursor = { at: string; rid: number };
interface PageResult {
  rows: InterviewListRow[];
  next: Cursor | null;
  total?: number;
}
interface ListState {
  rows: InterviewListRow[];
  next: Cursor | null;
  total: number | null;
  loading: boolean;
  error?: unknown;
}

const when = (v: string | null) => (v ? v.slice(0, 16).replace('T', ' ') : '');

/**
 * Every interview, newest first, in a windowed table: only the rows on screen (and a few around them) are in the
 * page, spacers above and below stand for the rest (real table rows, so the table keeps its look), and the next
 * page is fetched by keyset (after the last row loaded) as the user scrolls toward the end, so a list of
 * 100,000 interviews opens as fast as one of 100.
 */
export function InterviewsScreen() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const [sort, setSort] = useState<Sort>({ sort: 'updated', descending: true });
  const [list, setList] = useState<ListState>({ rows: [], next: null, total: null, loading: true });
  const [error, setError] = useState<unknown>();
  const [open, setOpen] = useState<string>();
  const [changed, setChanged] = useState(0);
  const [voiding, setVoiding] = useState<string>();
  const [reason, setReason] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [rowHeight, setRowHeight] = useState(40);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(list.rows.length, Math.ceil((scrollTop + LIST_HEIGHT) / rowHeight) + OVERSCAN);
  const visible = list.rows.slice(first, last);
  // The spacers use the rows' real height, read once they are on screen.
  useLayoutEffect(() => {
    const tr = box.current?.querySelector<HTMLElement>('tbody tr.ant-table-row');
    if (tr && Math.abs(tr.offsetHeight - rowHeight) > 0.5) setRowHeight(tr.offsetHeight);
  });
  const facets = useLoad(() => call<{ surveyors: string[]; regions: string[] }>('interviews/facets', {}), []);
  // Each new filter or sort starts a generation; pages of an older one are dropped when they arrive.
  const generation = useRef(0);
  const fetching = useRef(false);

  const query = useCallback(
    () => ({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), ...sort, limit: PAGE }),
    [filters, sort],
  );

  // A layout effect: the first page is asked for right after the first commit, not after the browser has painted
  // the empty screen (a passive effect may wait a frame or more).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `changed` reloads after finalize or void
  useLayoutEffect(() => {
    const gen = ++generation.current;
    fetching.current = true;
    setList((l) => ({ ...l, loading: true, error: undefined }));
    if (box.current) box.current.scrollTop = 0;
    setScrollTop(0);
    call<PageResult>('interviews/page', { ...query(), withTotal: true }).then(
      (p) => {
        if (gen !== generation.current) return;
        fetching.current = false;
        setList({ rows: p.rows, next: p.next, total: p.total ?? null, loading: false });
      },
      (e) => {
        if (gen !== generation.current) return;
        fetching.current = false;
        setList({ rows: [], next: null, total: null, loading: false, error: e });
      },
    );
  }, [query, changed]);

  const more = useCallback(() => {
    if (fetching.current || !list.next) return;
    const gen = generation.current;
    fetching.current = true;
    setList((l) => ({ ...l, loading: true }));
    call<PageResult>('interviews/page', { ...query(), after: list.next }).then(
      (p) => {
        if (gen !== generation.current) return;
        fetching.current = false;
        setList((l) => ({ ...l, rows: [...l.rows, ...p.rows], next: p.next, loading: false }));
      },
      (e) => {
        if (gen !== generation.current) return;
        fetching.current = false;
        setList((l) => ({ ...l, loading: false, error: e }));
      },
    );
  }, [list.next, query]);

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    setScrollTop(el.scrollTop);
    if (el.scrollHeight - el.scrollTop - el.clientHeight < PREFETCH_PX) more();
  };
  const set = (patch: Filters) => setFilters((f) => ({ ...f, ...patch }));

  const finalize = async (id: string) => {
    try {
      await call('interview/finalize', { interviewId: id });
      setChanged((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  const doVoid = async () => {
    if (!voiding) return;
    try {
      await call('interview/void', { interviewId: voiding, reason: reason.trim() });
      setVoiding(undefined);
      setReason('');
      setChanged((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };

  const options = (values: string[] | undefined) => (values ?? []).map((v) => ({ value: v, label: v }));

  return (
    <div data-screen="interviews">
      <Typography.Title level={3}>{t('nav.interviews')}</Typography.Title>
      <ErrorAlert error={error ?? list.error ?? facets.error} onClose={() => setError(undefined)} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('interviews.status')}
            style={{ width: 120 }}
            value={filters.status}
            onChange={(v) => set({ status: v })}
            options={['draft', 'final', 'void'].map((s) => ({ value: s, label: t(`status.${s}`) }))}
            data-filter="status"
          />
          <Select
            allowClear
            showSearch
            placeholder={t('home.surveyor')}
            style={{ width: 150 }}
            value={filters.surveyor}
            onChange={(v) => set({ surveyor: v })}
            options={options(facets.data?.surveyors)}
            data-filter="surveyor"
          />
          <Select
            allowClear
            showSearch
            placeholder={t('interview.region')}
            style={{ width: 150 }}
            value={filters.region}
            onChange={(v) => set({ region: v })}
            options={options(facets.data?.regions)}
            data-filter="region"
          />
          <DatePicker.RangePicker
            onChange={(_, s) => set({ from: s?.[0] || undefined, to: s?.[1] || undefined })}
            placeholder={[t('interviews.from'), t('interviews.to')]}
          />
          <Input.Search
            allowClear
            placeholder={t('interviews.search')}
            style={{ width: 260 }}
            onSearch={(v) => set({ search: v.trim() || undefined })}
            data-filter="search"
          />
          <Select
            style={{ width: 160 }}
            value={`${sort.sort}:${sort.descending ? 'desc' : 'asc'}`}
            onChange={(v: string) => {
              const [s, d] = v.split(':');
              setSort({ sort: s as Sort['sort'], descending: d === 'desc' });
            }}
            options={[
              { value: 'updated:desc', label: t('interviews.sortUpdatedDesc') },
              { value: 'updated:asc', label: t('interviews.sortUpdatedAsc') },
              { value: 'started:desc', label: t('interviews.sortStartedDesc') },
              { value: 'started:asc', label: t('interviews.sortStartedAsc') },
            ]}
            data-filter="sort"
          />
        </Space>
      </Card>
      <div style={{ marginBottom: 8 }} data-testid="list-count">
        <Typography.Text type="secondary">
          {list.total === null
            ? t('common.loading')
            : t('interviews.shown', { n: list.rows.length.toLocaleString(), total: list.total.toLocaleString() })}
        </Typography.Text>
      </div>
      <div
        ref={box}
        onScroll={onScroll}
        style={{ height: LIST_HEIGHT, overflow: 'auto', position: 'relative' }}
        data-testid="list-scroll"
      >
        <div style={{ height: first * rowHeight }} />
        <Table
          size="small"
          rowKey="interview_id"
          loading={list.loading && list.rows.length === 0}
          dataSource={visible}
          pagination={false}
          tableLayout="fixed"
          sticky={{ getContainer: () => box.current ?? window }}
          onRow={(r) => ({ 'data-row': r.interview_id }) as HTMLAttributes<HTMLElement>}
          footer={() =>
            list.next ? (
              <Button size="small" loading={list.loading} onClick={more} data-action="more">
                {t('interviews.more')}
              </Button>
            ) : (
              list.total !== null && <Typography.Text type="secondary">{t('interviews.end')}</Typography.Text>
            )
          }
          columns={[
            {
              title: t('interviews.id'),
              dataIndex: 'interview_id',
              width: 96,
              render: (v: string) => <code>{v.slice(0, 8)}</code>,
            },
            {
              title: t('interviews.status'),
              dataIndex: 'status',
              width: 84,
              render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(`status.${s}`)}</Tag>,
            },
            { title: t('home.surveyor'), dataIndex: 'surveyor', width: 110, ellipsis: true },
            { title: t('interview.region'), dataIndex: 'region_code', width: 96 },
            { title: 'PSU', dataIndex: 'psu', width: 120, ellipsis: true },
            { title: t('interview.household'), dataIndex: 'household', width: 150, ellipsis: true },
            { title: t('interviews.answered'), dataIndex: 'answered', width: 76, align: 'right' },
            { title: t('interviews.started'), dataIndex: 'started_at', width: 130, render: when },
            { title: t('interviews.updated'), dataIndex: 'updated_at', width: 130, render: when },
            {
              title: '',
              key: 'actions',
              width: 186,
              render: (_, r) => (
                <span>
                  <button type="button" style={LINK} onClick={() => setOpen(r.interview_id)} data-action="open">
                    {t('interviews.open')}
                  </button>
                  {r.status === 'draft' && (
                    <button type="button" style={LINK} onClick={() => navigate('interview', r.interview_id)}>
                      {t('interviews.continue')}
                    </button>
                  )}
                  {r.status !== 'void' && (
                    <button
                      type="button"
                      style={{ ...LINK, color: '#ff4d4f' }}
                      onClick={() => setVoiding(r.interview_id)}
                      data-action="void"
                    >
                      {t('interviews.void')}
                    </button>
                  )}
                </span>
              ),
            },
          ]}
        />
        <div style={{ height: (list.rows.length - last) * rowHeight }} />
      </div>
      {open && (
        <InterviewDetail
          interviewId={open}
          version={changed}
          onClose={() => setOpen(undefined)}
          onFinalize={(id) => void finalize(id)}
          onVoid={(id) => setVoiding(id)}
        />
      )}
      <Modal
        open={!!voiding}
        title={t('interviews.voidTitle')}
        okText={t('interviews.void')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-action': 'confirm-void' } as never}
        cancelText={t('common.cancel')}
        onOk={doVoid}
        onCancel={() => setVoiding(undefined)}
      >
        <Typography.Paragraph>{t('interviews.voidHint')}</Typography.Paragraph>
        <Input.TextArea
          autoFocus
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('interviews.reason')}
          data-input="void-reason"
        />
      </Modal>
    </div>
  );
}
