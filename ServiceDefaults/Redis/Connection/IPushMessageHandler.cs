using System.Buffers;

namespace ServiceDefaults.Redis;

// Takes the frames that are not replies to a command (pub/sub messages) out of the reply
// stream before they are matched with waiting commands.
internal interface IPushMessageHandler
{
    bool TryHandlePush(ReadOnlySequence<byte> frame);
}
