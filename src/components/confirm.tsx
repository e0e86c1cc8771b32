/**
 * Decisions that are asked once, with the consequence spelled out, and whose result is shown.
 *
 *   const { decide, confirmUi } = useConfirm();
 *   …
 *   {confirmUi}   // once, anywhere in the page
 *   <Button onClick={() => decide({
 *     title: '取消报名？', message: '取消后名额将让给候补的工友。', confirmText: '确认取消', danger: true,
 *     run: () => call('activity', 'cancel', { activityId }), done: '已取消报名', after: reload })}>…
 *
 * `decide` asks, runs `run` only on 确认, then shows `done` (or the server's Chinese message when it
 * failed) as a toast and in a polite live region, and resolves true when it ran and succeeded.
 * `confirm` only asks (resolves true / false) for pages that show the result themselves.
 *
 * Why NutUI Dialog and not Taro.showModal: on H5, Taro's modal draws its two buttons as plain <div>s
 * (no role, no focus), so it cannot be answered from a keyboard or a screen reader; the Dialog takes our
 * own footer, with real buttons (Button.tsx). NutUI's imperative Dialog.open(id) needs a <Dialog id> in
 * the page anyway (its events are keyed by page path and id), hence a hook and `confirmUi` in the page.
 * The result uses Taro.showToast (no host needed, native on weapp; icon 'none', since WeChat cuts a
 * success toast at 7 characters).
 */
import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { messageOf } from '../api';
import { Dialog } from './nut';
import { Button } from './Button';
import { focusSoon, liveProps } from './a11y';

export interface ConfirmOptions {
  title: string;
  /** the consequence, in the worker's words ("取消后名额将让给候补的工友") */
  message: string;
  confirmText?: string;
  cancelText?: string;
  /** the confirm button in the warning red (cancelling, withdrawing, rejecting) */
  danger?: boolean;
}

export interface DecideOptions extends ConfirmOptions {
  run: () => Promise<unknown>;
  /** what is shown once it is done */
  done: string;
  /** after a success (reload the page's data) */
  after?: () => unknown;
}

export function showResult(text: string) {
  void Taro.showToast({ title: text, icon: 'none', duration: 2500 });
}

export function useConfirm() {
  const [asking, setAsking] = useState<ConfirmOptions | null>(null);
  const [result, setResult] = useState('');
  const resolver = useRef<((ok: boolean) => void) | null>(null);

  const answer = (ok: boolean) => {
    resolver.current?.(ok);
    resolver.current = null;
    setAsking(null);
  };

  const confirm = (o: ConfirmOptions) =>
    new Promise<boolean>((resolve) => {
      resolver.current?.(false);
      resolver.current = resolve;
      setAsking(o);
      // H5: move focus into the dialog, onto the safe choice
      focusSoon('confirm-cancel');
    });

  const decide = async (o: DecideOptions) => {
    if (!(await confirm(o))) return false;
    try {
      await o.run();
      setResult(o.done);
      showResult(o.done);
      await o.after?.();
      return true;
    } catch (e) {
      const text = messageOf(e);
      setResult(text);
      showResult(text);
      return false;
    }
  };

  const confirmUi = (
    <View>
      <View className='sr-only' {...liveProps()}>
        {result}
      </View>
      <Dialog
        visible={asking !== null}
        title={asking?.title}
        content={<View className='confirm-message'>{asking?.message}</View>}
        closeOnOverlayClick={false}
        onClose={() => answer(false)}
        footer={
          <View className='confirm-footer'>
            <Button id='confirm-cancel' fill='outline' onClick={() => answer(false)}>
              {asking?.cancelText ?? '再想想'}
            </Button>
            <Button id='confirm-ok' type='primary' className={asking?.danger ? 'btn-danger' : ''} onClick={() => answer(true)}>
              {asking?.confirmText ?? '确认'}
            </Button>
          </View>
        }
      />
    </View>
  );

  return { confirm, decide, confirmUi };
}
